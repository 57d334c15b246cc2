#!/usr/bin/env python3
# ruff: noqa: E501  (templates and name tables read best on one line each)
"""Build the names2 person-name corpora: TUNE (tune_*.conll) and HOLD-OUT (holdout_*.conll).

Written by hand for the Leitplanke project (issue 20).  All names and all
sentence templates below were invented for this file; none was taken from
Faker, from the project's own lists, models or corpora, or from
tests/pii/names_holdout.

Deterministic: fixed seed, Python standard library only.
    python3 tests/pii/names2/build.py

Names and templates are each split by a seeded shuffle into a TUNE part
(~40 %) and a HOLD-OUT part (~60 %); the two parts share no name and no
template.  tune_* may be used for error analysis and tuning; holdout_* must
never be used for tuning, only measured.

Template mini-language
  {FL1}   first name + surname of person 1 (sometimes with a middle name, a
          middle initial or a hyphenated double surname)
  {FML1}  first + middle + surname          {HY1}  first + double surname
  {FI1}   first + middle initial + surname  {F1}   first name only
  {L1}    surname only                      {I1}   initial(s) + surname
  {T1}    title + surname (Mr/Mrs/Ms/Miss/Mx/Dr, Herr/Frau [Dr.]); title tagged O
  {TF1}   title + first name + surname      {D1}   Dr./Prof. + surname
  modifiers  :f / :m  force gender, :s possessive ('s / German genitive -s),
             :up ALL CAPS, :ul surname in capitals, :obl German title "Herrn"
  {g1:her|his}   word chosen by gender of person 1 (female|male)
  {STREET} etc.  filled from FILL (no person names as such; streets and
                 schools named after people are O)
  A template starting with "~" is a chat message written all in lower case,
  one starting with "N|" is news-style.
Literal text is tokenised simply: words, punctuation as separate tokens,
hyphens/apostrophes kept inside words, known abbreviations keep their period.
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

SEED = 20261220
HERE = Path(__file__).resolve().parent
NO_NAME_SHARE = 0.20
TUNE_SHARE = 0.40
USES = 3  # every name template is used this many times in its file

# --------------------------------------------------------------------------
# Invented name inventory, by origin group: female first names (f), male
# first names (m), surnames (s; a tuple is a (male, female) pair), optional
# middle names (mid_f, mid_m).
# --------------------------------------------------------------------------
GROUPS: dict[str, dict[str, list]] = {
    "German": dict(
        f="Hannelore Gudrun Roswitha Ingeborg Antje Mechthild Gesine Almut Henrike Imke Frauke Swantje".split(),
        m="Reinhold Gunther Wilfried Burkhard Ansgar Hinrich Ortwin Gernot Klaus-Peter Berthold Sönke Lothar".split(),
        s=["Großkopf", "Wendtland", "Schimmelpfennig", "Oberländer", "Brauckmann", "Hüttemann",
           "Riedlinger", "Kleinschmidt", "Achterberg", "Vosskamp", "Stegemann", "Lohmeyer",
           "Dierksen", "Haselhorst", "von Elmendorff", "von der Aue"],
    ),
    "English/Irish/Scottish/Welsh": dict(
        f="Ciara Gráinne Sinéad Rhiannon Eilidh Catriona Bronwen Imogen Harriet Orla Saoirse Ffion".split(),
        m="Cormac Dafydd Tadhg Ruaridh Euan Oisín Hamish Rupert Crispin Iestyn Eoin Seamus".split(),
        s=["O'Rourke", "McCafferty", "MacPherson", "Llewellyn", "ap Gruffydd", "Heathcote",
           "Whittingham", "Drummond", "Cavanagh", "Pritchard", "Gallagher", "Mulcahy",
           "Fitzgerald", "Kilbride", "Ó Ceallaigh"],
    ),
    "Turkish": dict(
        f="Sibel Tülay Gönül Melek Şükran Dilek Esra Songül Yasemin Pınar Nermin Hülya".split(),
        m="Cemal Taner Volkan Ercan Orhan Uğur Tuncay Sinan Cengiz Erol Okan Kenan".split(),
        s=["Bozkurt", "Güneş", "Akgül", "Tekin", "Şimşek", "Doğan", "Arslan", "Kurt", "Yavuz",
           "Özdemir", "Kocabaş", "Ekinci", "Altıntaş", "Taşdelen", "Çakır", "Yuksel"],
    ),
    "Kurdish": dict(
        f="Rojda Berivan Zîlan Dilan Hêvî Nûjîn Rûken Jiyan Evîn Gulistan Perwîn Sozdar".split(),
        m="Azad Dilovan Rêzan Serhildan Bawer Şêrko Rizgar Karwan Hejar Baran Aram Soran".split(),
        s=["Zebari", "Doski", "Amedi", "Berwari", "Mirani", "Sindi", "Hawrami", "Rekani",
           "Harki", "Zaxoyî", "Botani", "Dizayee", "Xoshnaw", "Şengalî", "Barzinji"],
    ),
    "Arabic": dict(
        f="Ghada Rasha Hanan Lubna Suha Maysa Razan Nada Ruqayya Bushra Widad Iman".split(),
        m="Ziad Fadi Samir Nabil Ayman Hisham Majid Rami Ibrahim Mustafa Jamal Ammar".split(),
        s=["al-Masri", "Abboud", "Haddadin", "Khoury", "el-Hassan", "Nasser", "Awad", "Hijazi",
           "Zaatari", "al-Rifai", "Bitar", "Shami", "Kanaan", "Abu Ghazaleh", "bin Hamdan"],
    ),
    "Persian": dict(
        f="Farnaz Shabnam Ladan Mitra Taraneh Yasaman Nasrin Pegah Mehrnoosh Ziba Homa Bahar".split(),
        m="Mehrdad Shahram Ardeshir Kamran Omid Navid Afshin Bijan Ramin Houman Pejman Keyvan".split(),
        s=["Shirazi", "Amini", "Rostami", "Bagheri", "Kazemi", "Nikzad", "Soltani", "Ebrahimi",
           "Vahidi", "Zand", "Afshar", "Pourmand", "Rezaei", "Golestani", "Sharifi"],
    ),
    "Afghan": dict(
        f="Zarghuna Palwasha Freshta Mursal Wahida Shakila Gulalai Marzia Pashtana Lailuma Storai Zuhal".split(),
        m="Zabihullah Naqibullah Mirwais Wahidullah Habibullah Rahmatullah Shafiqullah Jawed Fawad Nasratullah Ajmal Sayed".split(),
        s=["Popalzai", "Stanikzai", "Wardak", "Sultani", "Noorzai", "Safi", "Haidari", "Sherzad",
           "Mohmand", "Achakzai", "Hotak", "Jalali", "Nuristani", "Azizi", "Samadi"],
    ),
    "Polish": dict(
        f="Beata Halina Jadwiga Urszula Wioletta Renata Aleksandra Krystyna Izabela Danuta Sylwia Elżbieta".split(),
        m="Andrzej Janusz Mirosław Stanisław Bartosz Dariusz Zdzisław Leszek Radosław Kazimierz Witold Mateusz".split(),
        s=[("Kamiński", "Kamińska"), "Woźniak", ("Grabowski", "Grabowska"),
           ("Piotrowski", "Piotrowska"), "Wróbel", ("Majewski", "Majewska"),
           ("Jaworski", "Jaworska"), ("Ostrowski", "Ostrowska"), ("Dąbrowski", "Dąbrowska"),
           "Kołodziej", "Michalak", ("Chmielewski", "Chmielewska"), "Zając",
           ("Nowicki", "Nowicka"), "Sobczak"],
    ),
    "Czech": dict(
        f="Lenka Zdeňka Markéta Jitka Věra Šárka Radka Blanka Kateřina Dagmar Libuše Miluše".split(),
        m="Jiří Václav Miroslav Vojtěch Ondřej Luboš Zdeněk Jaroslav Petr Radek Bohumil Vítězslav".split(),
        s=[("Novák", "Nováková"), ("Svoboda", "Svobodová"), ("Dvořák", "Dvořáková"),
           ("Černý", "Černá"), ("Procházka", "Procházková"), ("Kučera", "Kučerová"),
           ("Veselý", "Veselá"), ("Horák", "Horáková"), ("Němec", "Němcová"),
           ("Pokorný", "Pokorná"), ("Hájek", "Hájková"), ("Jelínek", "Jelínková"),
           ("Růžička", "Růžičková"), ("Beneš", "Benešová")],
    ),
    "Russian/Ukrainian": dict(
        f="Valentina Galina Olha Khrystyna Zoya Larysa Yevheniya Marina Tamara Viktoriya Nadiya Alina".split(),
        m="Oleh Taras Vasyl Yevhen Kostiantyn Artem Roman Maksym Gennady Anatoliy Ruslan Vitaliy".split(),
        s=[("Kuznetsov", "Kuznetsova"), ("Sokolov", "Sokolova"), ("Morozov", "Morozova"),
           "Pavlenko", "Boyko", "Kravchenko", "Oliynyk", "Rudenko", "Marchenko", "Polishchuk",
           "Honcharenko", ("Fedorov", "Fedorova"), "Zakharchenko", "Lytvyn",
           ("Ivanov", "Ivanova")],
    ),
    "Balkan": dict(
        f="Dragica Jasmina Biljana Mirjana Sanja Aida Merima Nevena Tijana Ljiljana Azra Slađana".split(),
        m="Slobodan Senad Mladen Željko Vladan Edin Aleksandar Damir Nenad Srđan Tarik Bojan".split(),
        s=["Ilić", "Stojanović", "Hodžić", "Popović", "Mujić", "Lukić", "Tomić", "Kurtović",
           "Pavlović", "Đorđević", "Softić", "Perić", "Vuković", "Alić", "Stankovic"],
    ),
    "Romanian": dict(
        f="Cristina Luminița Nicoleta Violeta Adina Raluca Simona Camelia Lăcrămioara Gabriela Anca Dorina".split(),
        m="Marius Ovidiu Gheorghe Dorin Lucian Cristian Nicușor Petru Viorel Tudor Emil Laurențiu".split(),
        s=["Stoica", "Dumitru", "Niculescu", "Marinescu", "Rusu", "Tănase", "Enache", "Barbu",
           "Pîrvu", "Ardeleanu", "Neagu", "Zamfir", "Cojocaru", "Bălan", "Florea"],
    ),
    "Hungarian": dict(
        f="Erzsébet Katalin Zsófia Ildikó Krisztina Éva Enikő Réka Boglárka Tünde Piroska Gizella".split(),
        m="László Zoltán Gábor Attila Csaba Tibor Levente Balázs Ferenc Imre Bence Gyula".split(),
        s=["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Farkas",
           "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros"],
    ),
    "Italian": dict(
        f="Antonella Paola Giovanna Raffaella Carmela Ilaria Martina Roberta Loredana Elisabetta Annunziata Fiorella".split(),
        m="Carmine Gennaro Massimo Nunzio Raffaele Domenico Fabrizio Emanuele Luigi Ciro Renato Tommaso".split(),
        s=["Romano", "Colombo", "Ricci", "Greco", "Conti", "Mancini", "Costa", "Giordano",
           "Barbieri", "De Luca", "Di Matteo", "La Rosa", "Santoro", "Moretti", "D'Angelo"],
    ),
    "Spanish/Portuguese/Latin American": dict(
        f="Guadalupe Marisol Ximena Valeria Graciela Rosario Fernanda Leticia Yolanda Lourdes Catalina Antônia".split(),
        m="Joaquín Ignacio Santiago Eduardo Héctor Luís Mauricio Gustavo Thiago Vinícius Ramón Rubén".split(),
        s=["Ramírez", "Torres", "Flores", "Vargas", "Mendoza", "Ortega", "Delgado", "Cardoso",
           "Carvalho", "Gomes", "de la Cruz", "Alves", "Ribeiro", "Nascimento", "Barbosa",
           "Romero Salas", "Aguilar Peña"],
    ),
    "Greek": dict(
        f="Athina Paraskevi Stavroula Ourania Fotini Kalliopi Evangelia Theodora Ioanna Androniki Aikaterini Eirini".split(),
        m="Christos Spyros Thanasis Apostolos Michalis Manolis Petros Achilleas Charalambos Leonidas Sotiris Themis".split(),
        s=[("Pappas", "Pappa"), ("Galanis", "Galani"), "Lambrou", ("Mavridis", "Mavridou"),
           ("Stamatopoulos", "Stamatopoulou"), ("Tsakiris", "Tsakiri"), ("Zervas", "Zerva"),
           "Kyriakou", "Athanasiou", "Dimou", "Stergiou", ("Chatzidakis", "Chatzidaki"),
           ("Raptis", "Rapti"), "Fragkou"],
    ),
    "Vietnamese": dict(
        f="Hanh Thuy Yen Nhung Diep Loan Uyen Tuyet Xuan Oanh Hien Quyen".split(),
        m="Hung Cuong Phuc Vinh Trung Nam Son Tien Hai Khanh Dat Dung".split(),
        s=["Phan", "Huynh", "Vo", "Dinh", "Truong", "Trinh", "Cao", "Luong", "Ta", "Quach",
           "Doan", "Kieu", "Tong", "Luu"],
        mid_f=["Bich", "Diem", "Hong", "Ai"],
        mid_m=["Cong", "Trong", "Tan", "Manh"],
    ),
    "Chinese": dict(
        f="Xinyi Yuting Shuang Ruolan Wenjing Jiayi Qiuyue Lanfang Yanping Huimin Zihan Meixiu".split(),
        m="Haoran Yifan Zhenyu Minghao Jiahao Guoqiang Weidong Xiaojun Chenglong Ruixiang Kaiwen Tianyu".split(),
        s=["Li", "Ma", "Gao", "Luo", "Zheng", "He", "Guo", "Tang", "Feng", "Deng", "Peng", "Xiao",
           "Tian", "Jiang", "Shen"],
        mid_f=[], mid_m=[],
    ),
    "Korean": dict(
        f="Da-eun Su-bin Ye-jin Na-rae Ji-woo Mi-kyung Hyo-jin Bo-ra Seul-gi Eun-hye Jin-ah So-young".split(),
        m="Jong-hoon Sang-min Kyung-ho Woo-jin Joon-ho Dae-sung In-soo Hyun-seok Byung-chul Young-jae Chan-woo Do-yoon".split(),
        s=["Oh", "Seo", "Kwon", "Hwang", "Ahn", "Song", "Ryu", "Jeon", "Moon", "Bae", "Baek",
           "Heo", "Kwak", "Cha", "Yoo"],
        mid_f=[], mid_m=[],
    ),
    "Japanese": dict(
        f="Yuko Haruka Akiko Megumi Sakura Noriko Ayumi Keiko Misaki Tomoko Chihiro Emiko".split(),
        m="Hiroshi Takeshi Kenji Daisuke Shota Yuto Kazuki Ryota Makoto Satoshi Haruto Naoki".split(),
        s=["Tanaka", "Suzuki", "Watanabe", "Takahashi", "Ito", "Yamamoto", "Nakamura",
           "Kobayashi", "Kato", "Yoshida", "Sasaki", "Matsumoto", "Inoue", "Hayashi", "Shimizu"],
        mid_f=[], mid_m=[],
    ),
    "Indian/Pakistani/Bangladeshi": dict(
        f="Kavita Meena Rukhsana Nasreen Pooja Shreya Anjali Tahmina Rehana Sangeeta Fariha Madhuri".split(),
        m="Amit Rohit Suresh Zubair Rakesh Shahid Anil Mizanur Gurpreet Rafiqul Venkatesh Habib".split(),
        s=["Gupta", "Khan", "Verma", "Chowdhury", "Rahman", "Hussain", "Mehta", "Joshi",
           "Kapoor", "Bhatt", "Akhtar", "Sandhu", "Pillai", "Mukherjee", ("Uddin", "Begum")],
    ),
    "Nigerian/Ghanaian": dict(
        f="Ifeoma Nkechi Amaka Bukola Folake Adwoa Ama Esi Abimbola Chiamaka Titilayo Yaa".split(),
        m="Obinna Chukwudi Tunde Segun Kwabena Kojo Kwesi Femi Ifeanyi Olumide Nnamdi Kayode".split(),
        s=["Okeke", "Obi", "Ogunleye", "Adeleke", "Balogun", "Nwosu", "Agyeman", "Ofori",
           "Acheampong", "Darko", "Amoah", "Bello", "Danjuma", "Osei", "Ezeani"],
    ),
    "Ethiopian/Eritrean/Somali": dict(
        f="Fartun Sahra Khadra Ubah Hibo Nasteho Meron Tigist Senait Mekdes Almaz Feven".split(),
        m="Abdiwali Guled Mahad Bashir Abdikarim Tewodros Kidane Habtom Mulugeta Amanuel Yohannes Ahmed".split(),
        s=["Hersi", "Egal", "Duale", "Aden", "Nur", "Ali", "Samatar", "Tekle", "Woldemariam",
           "Asfaw", "Girma", "Kebede", "Abraha", "Gebreyesus", "Warfa"],
    ),
    "Dutch": dict(
        f="Willemijn Marloes Geertje Esmee Mieke Floor Roos Saskia Ineke Jolien Wilma Hendrika".split(),
        m="Teun Jeroen Sander Bas Wim Hidde Thijs Arjen Koen Rutger Floris Dirk".split(),
        s=["van den Broek", "Dekker", "Vermeulen", "Brouwer", "de Boer", "Meijer", "van Beek",
           "Verhoeven", "de Jong", "Schouten", "van Rijn", "Koster", "Postma", "Timmermans",
           "ter Horst"],
    ),
    "Scandinavian": dict(
        f="Ragnhild Kirsten Malin Elin Hanne Tuva Sigrun Birgitta Ylva Linnea Ebba Dagny".split(),
        m="Torbjørn Håkan Leif Nils Øystein Gunnar Magnus Espen Stig Per Ulf Ragnar".split(),
        s=["Lindgren", "Nordström", "Åberg", "Solberg", "Holm", "Lund", "Strand", "Berglund",
           "Hedlund", "Kristiansen", "Mikkelsen", "Fjeld", "Engström", "Bakke", "Sundqvist"],
    ),
    "French": dict(
        f="Sylvie Nathalie Aurélie Margaux Brigitte Séverine Camille Élodie Chantal Solène Delphine Mathilde".split(),
        m="Thierry Pascal Jérôme Olivier Benoît Gaël Laurent Yannick Didier Mathieu Sébastien Loïc".split(),
        s=["Lefèvre", "Dubois", "Moreau", "Girard", "Rousseau", "Mercier", "Chevalier", "Lemaire",
           "Fournier", "Dupont", "Bonnet", "Gauthier", "Lacroix", "Le Goff", "Beaumont"],
    ),
}

# Surnames (and some first names) that are also ordinary words, one group per language.
WORDLIKE: dict[str, dict[str, list]] = {
    "de": dict(
        f="Petra Gabriele Ute Karin Susanne Renate Doris Bettina Simone Elke".split(),
        m="Michael Andreas Klaus Bernd Holger Jörg Matthias Rolf Günter Ralf Manfred".split(),
        s=["Richter", "Schneider", "Fischer", "Müller", "Weber", "Jäger", "Schäfer", "Zimmermann",
           "Hirsch", "Adler", "Stein", "Herbst", "König", "Ernst", "Fröhlich", "Strauß",
           "Freitag", "Klein", "Schwarz", "Lange", "Förster", "Gärtner"],
    ),
    "en": dict(
        f="Hope Grace Dawn Holly Joy Ruby Faith April Emma Claire Lucy Wendy".split(),
        m="Will Bill Rob Drew Dean Miles Gary Kevin Ian Colin Barry Terry".split(),
        s=["Cook", "Mason", "Carpenter", "Hunter", "Walker", "Turner", "Shepherd", "Knight",
           "King", "Bird", "Frost", "Snow", "Brooks", "Marsh", "Bell", "Sharp", "Grant", "Price",
           "Banks", "Page", "Ward", "Mould", "Judge", "Gates", "Booth", "Cross", "Power", "Waters"],
    ),
}
WORDLIKE_GROUP = "surname = ordinary word"

# Lower-case particles that belong to a surname; they are not name material on their own.
PARTICLES = frozenset(
    "van von der den de la le da dos del di lo al el bin ap ter ó abu zu".split()
)

# --------------------------------------------------------------------------
# Templates.  Name templates are used USES times each; no-name templates fill
# the remaining share (about 20 %).  News templates start with "N|".
# --------------------------------------------------------------------------
EN_NAME = r"""
{FL1} rang the Universal Credit helpline twice this week about the missing housing element.
Journal entry: {F1}, your work coach has added a new to-do about your childcare costs.
{T1} has been moved into the limited capability for work group from the next assessment period.
The PIP assessor, {FL1}, noted that {T2} could not walk more than twenty metres.
Please find attached the fit notes for my husband {FL1:m}, signed by {D2}.
{L1} disputes the overpayment and wants a mandatory reconsideration.
Can someone explain to {T1} why {g1:her|his} standard allowance dropped by 85 pounds this month?
I am the appointee for my brother, {FML1:m}, and I manage his benefits.
{FL1:s} claim was closed in error after the change of address on 2 February.
Advance payment approved for {I1}, to be recovered over 24 months.
Work coach {FL1} has agreed reduced work search hours while {T2} cares for {g2:her|his} father.
{F1} did not attend the Restart interview, so a new one is booked for Tuesday.
{T1} starts a warehouse job on Monday and asked how to report the first wage.
Referral to the sector-based work academy for {FL1} and {FL2}.
{L1} brought in a letter from {g1:her|his} employer confirming sixteen hours a week.
The Home Office has written to {FL1} asking for a new biometrics appointment.
{T1} holds pre-settled status and applied for settled status in August.
{FL1:s} visa expires on 31 March and the extension fee has been paid.
Dear {T1}, your eVisa is now linked to your new passport.
The asylum support payment for {FL1} and {g1:her|his} two children was stopped without notice.
Our client, {TF1}, entered the UK in 2021 and has no recourse to public funds.
{F1} asked whether {g1:she|he} may travel abroad while the application is pending.
Solicitor {FL1} lodged the appeal for {FL2} at the First-tier Tribunal.
The interview with {T1} was conducted in Dari with the help of {FL2}.
{FL1} registered the birth of {g1:her|his} daughter {F2:f} on 14 January.
The civil partnership of {FL1} and {FL2} will take place at the register office on 6 June.
I need a copy of the death certificate for my grandfather, {FML1:m}.
{F1:f} has asked us to change her surname to {L2} after the wedding.
The registrar, {T1}, will meet the couple at 11:30 in the Garden Room.
{F1} was collected from nursery at 17:40 by {g1:her|his} uncle, {FL2:m}.
Absence note: {FL1} has chickenpox and will be off until Friday.
{T1} from Year 4 would like to meet both parents after half term.
The SENCo, {FL1}, has applied for an EHCP needs assessment for {F2}.
{F1} and {F2} in Reception still need a free school meals form.
Can {F1} go home with {FL2} on Wednesdays? I have signed the permission slip.
Our daughter {FL1:f} is being bullied on the school bus, and {T2} has not replied to my emails.
The admissions appeal for {FL1} will be heard on 12 July.
{T1}, manager of the Rainbow Nursery, confirmed that the 30 funded hours start in September.
Attendance officer {FL1} will visit the family next week.
{FML1} won the Year 6 poetry prize, which was presented by {T2}.
{FL1} reports a leak from the flat above, which is occupied by {FL2}.
The housing officer, {FL1}, inspected the property and found no sign of damp.
{T1} keeps refusing access for the annual gas safety check.
Mutual exchange agreed between {FL1} and {FL2}, subject to inspection.
{L1} has been bidding on properties for two years without success.
Please add {FL1} to the tenancy as a joint tenant.
Succession request: {FL1} lived with {g1:her|his} late mother, {FL2:f}, for twelve years.
Anti-social behaviour complaint from {T1} about loud music at number 9.
{F1} from the repairs team will come between 8 and 12.
I sublet the spare room to {FL1} with the landlord's written consent.
The section 21 notice served on {FL1} was invalid, according to the adviser, {FL2}.
{T1} owes 1240 pounds in rent, and a payment plan was agreed with {FL2}.
The Court of Protection appointed {FL1} as deputy for {g1:her|his} aunt, {FL2:f}.
At the hearing, District Judge {L1} adjourned the case until October.
Child arrangements order: {F1} will spend alternate weekends with {g1:her|his} father, {FL2:m}.
The Cafcass officer, {FL1}, recommended supervised contact only.
{T1} gave evidence by video link from the care home.
Counsel for {FL1}, {TF2}, asked for more time to file the bundle.
The judge, {TF1}, ruled that the eviction could not go ahead before Christmas.
Witness statement of {FML1}, dated 3 May.
PC {L1} attended the address at 22:15 after a call from a neighbour, {FL2}.
{FL1} reported {g1:her|his} bicycle stolen from outside the chemist on the High Street.
The suspect was described by {T1} as about thirty and wearing a grey hoodie.
Crime reference 44/1187/26: victim {FL1}, witness {FL2}.
{FL1} was given words of advice and allowed to go home.
Sergeant {FL1} will be the point of contact for the family of {FL2}.
Missing person report: {FL1}, 15, last seen near the leisure centre.
DC {L1} has asked {T2} to come in and give a statement.
{FL1} is insured with a German health fund and needs a certificate for the Jobcentre.
{D1:s} practice has closed its list to new patients.
{T1} has asked for {g1:her|his} Global Health Insurance Card to be reissued.
Prescription prepayment certificate for {FL1}, valid until November.
{D1} referred {FL2} to the memory clinic.
I am writing to the health insurer on behalf of my partner, {FL1}, who is self-employed.
The occupational therapist {FL1} recommended a walk-in shower for {T2}.
{FL1} (89) has moved into Elmhurst Care Home.
Carers visit {T1} four times a day, and {g1:her|his} son {F2:m} does the shopping.
The financial assessment for {FL1:s} care is on hold until the house is sold.
{F1} from the home care agency said the evening call was missed again.
{T1} fell in the bathroom on Sunday and was seen by the paramedic {FL2}.
Safeguarding: {FL1} may be financially exploited by a lodger, {FL2}.
Lasting power of attorney is held jointly by {FL1} and {FL2}.
Respite care booked for {FML1} from 4 to 18 August.
Met {F1} at the library; {g1:she|he} seemed anxious about the tribunal.
Tel. call with {T1}: wants to withdraw the complaint.
{L1} did not answer, voicemail left at 14:05.
Case passed from {FL1} to {FL2} on 1 April.
Note: {T1} prefers text messages to phone calls.
Discussed budgeting with {FL1}; next review in six weeks.
{F1} cried during the call and said {g1:she|he} had not eaten for two days, so a food bank voucher was issued.
Joint visit with {FL1} (mental health) and {FL2} (housing).
Home visit: {FL1}, partner {FL2} and three children present.
{T1} says that {T2} next door keeps the spare key.
Dear {F1} and {F2},
Hi {F1},
Hello {T1},
Dear {TF1},
Good afternoon {F1},
Best regards, {FL1}
Cheers, {F1}
Warm wishes, {F1} ({g1:she|he}/{g1:her|him})
Thanks again, {FL1}, Senior Caseworker
Kind regards, {I1} (Benefits Officer)
Yours faithfully, {FML1}
Many thanks for your help, {T1}.
With best wishes from all of us, {F1}, {F2} and {F3}
Sent on behalf of {FL1} by {FL2}
Hi all, {F1} is off sick today, so please send urgent cases to {F2}.
From: {FL1} Sent: Thursday 09:12 To: Housing Options Subject: viewing
{F1}, I have copied in {T2}, who deals with discretionary payments.
Please reply to {FL1} directly, not to this mailbox.
Out of office: I am away until Monday; for urgent matters please contact {FL1}.
~hiya {F1} did the council ever ring u back
~{F1} can u send me the form again pls
~thx {F1} u r a star
~told {L1} at the jobcentre about the new job, they said its fine
~is {F1} in today? need to drop off my bank statements
~my sister {F1:f} will come with me to the hearing
~{F1} and {F2} both said the letter is wrong lol
~ask {F1} if the food bank is open sat
~sorry {F1} running 10 min late
~yeah the flat belongs to {FL1}, never picks up the phone
~morning {F1}!! got the keys finally
~can {F1} or {F2} help me with the pip form
~{F1} said i need a fit note from {D2}
~nah {F1} the school never sent it
FAMILY NAME: {L1:up} GIVEN NAME(S): {F1:up} CLAIM NO: 55-2031
APPLICANT NAME: {FL1:up}
NAME OF PARTNER: {FML1:up}
CHILD 1: {FL1:up} CHILD 2: {FL2:up}
EMERGENCY CONTACT: {FL1:up} (NEIGHBOUR)
SIGNATURE OF CLAIMANT: {FL1:up}
LANDLORD: {T1:up}
Claimant: {FL1}
Name: {FL1:f} Relationship to you: daughter
Tenant(s): {FL1}, {FL2}
REFERRED BY: {D1:up}
Full name (as shown on passport): {FML1}
DECEASED: {FL1:up} INFORMANT: {FL2:up}
N|Councillor {FL1} has been elected leader of the Liberal Democrat group.
N|The council's cabinet member for housing, {FL1}, said 300 new homes would be built by 2029.
N|{FL1} won the by-election in Eastfield ward with 41 per cent of the vote.
N|Police and crime commissioner {FL1} visited the new custody suite on Friday.
N|Speaking after the meeting, {T1} said the branch library would stay open.
N|{FL1}, the director of children's services, apologised for the delays.
N|Campaigners led by {FL1} handed a petition to the town hall.
N|The inquest heard that {FL1} had contacted the council five times before the fire.
N|Mayor {FL1} and {g1:her|his} deputy, {FL2}, attended the Remembrance parade.
N|{T1}, who chairs the scrutiny committee, called the report "deeply worrying".
N|Residents thanked caretaker {FL1}, who retires after 30 years on the estate.
N|The manager of the local Jobcentre, {FL1}, said vacancies had doubled since spring.
N|A spokesperson for {FL1}, the local MP, declined to comment.
N|{FL1} has been appointed chief executive of the housing association.
N|Tributes have been paid to former alderman {FL1}, who died on Tuesday.
N|Health board chair {FL1} warned of longer waits for care home places.
N|{FL1} was named carer of the year at a ceremony in the Guildhall.
N|Council officer {FL1} told the committee that the footbridge would reopen in May.
N|{HY1}, the new police commander, promised more foot patrols in the town centre.
N|The community volunteer award went jointly to {FL1} and {FL2}.
The {L1} family have been in temporary accommodation since March.
{I1} and {I2} signed the joint claim declaration.
A letter addressed to {FI1} came back marked "not known at this address".
{FL1:s} and {FL2:s} applications were assessed together.
{L1}, {L2} and {L3} are on the rota for the Saturday advice session.
{F1:f}, her partner {F2:m} and their baby are sleeping on a friend's sofa.
According to {T1}, the council's letter never arrived.
It was {T1} who noticed that the smoke alarm was missing.
Thanks to {F1:s} quick thinking, the tenant got help in time.
Before {FL1} signs anything, {g1:she|he} wants to speak to Citizens Advice.
If {T1} calls again, please put {g1:her|him} through to me.
{FML1}, born 2 February 1961, is the sole beneficiary.
Who authorised the payment to {FL1}?
Neither {F1} nor {F2} knew that the benefit cap applied.
Reminder for {F1}: {FL2:s} reassessment is due next month.
The van driver, {FL1}, found the front door open and called 999.
Parking appeal from {FL1}: the sign on {STREET} was hidden by a hedge.
{FL1} wants to know if {g1:she|he} can pay the council tax in twelve instalments instead of ten.
{D1} and {D2} disagree about whether {F3} is fit for work.
Interpreters booked: {FL1} for Farsi and {FL2} for Somali.
Dear Sir or Madam, I am worried about my neighbour {T1}, who has not been seen for a week.
{T1:s} car was clamped outside {g1:her|his} own house.
Blue Badge renewal for {FL1} refused, appeal pending with {T2}.
As {F1} explained, the rent is paid directly to the landlord, {FL2}.
The foster carers, {FL1} and {FL2}, have asked for a respite break in August.
The adopted child {F1} now uses the surname {L2}.
Thank you {FL1} for volunteering at the warm space every Thursday.
I, the undersigned {FL1}, authorise {FL2} to discuss my claim with you.
{FL1} (tenant) and {FL2} (landlord) both signed the deposit form.
Bereavement support: {FL1:m} lost his wife, {FL2:f}, in December.
Update from {F1}: the housing panel approved {T2:s} priority banding.
{T1} works nights at the hospital, so please write rather than ring.
Please do not discuss the case with {FL1}; only {FL2} has given consent.
The decision maker, {I1}, refused the claim on 9 October.
Trustee meeting: {TF1} in the chair, minutes taken by {FL2}.
Application received from {FL1:ul}, reference HB-55120.
{T1:ul} has been informed in writing.
{FL1} is the key holder for the community hall on {STREET}.
My mum {F1:f} does not speak English, so please call my cousin {FL2} instead.
Food parcel delivered to {T1} by the volunteer {F2}.
After the fire, {FL1} and {g1:her|his} children were placed in a hotel by {T2}.
"""

EN_NONAME = r"""
The Jobcentre on {STREET} is closed on {DAY} for staff training.
Universal Credit statements for {MONTH} will appear in your online journal.
Please bring two proofs of address and your National Insurance number.
The Mary Seacole Centre offers free immigration advice every {DAY}.
Walk-in appointments at {BUILDING} are suspended until {MONTH}.
Grace period: rent arrears under 50 pounds will not trigger a letter.
Hope Street car park will be resurfaced from the 4th to the 9th.
Will you be at home for the inspection on {DAY}?
Mark the form clearly with your reference, {REF}.
Please pay the water bill by direct debit to avoid late fees.
Frost damage to the pipes is covered by the landlord's insurance.
Snow clearing on {STREET} is the responsibility of the highways team.
King George Hospital has moved its blood tests to {BUILDING}.
Price increases for school meals take effect in {MONTH}.
Cook and eat sessions for older residents start in {MONTH} at {BUILDING}.
Mason bees have nested in the wall cavity, so pest control will visit.
Walker frames and shower stools can be ordered through the occupational therapy service.
Turner Contemporary offers free entry to care leavers.
Brooks and streams in {PLACE} may flood after heavy rain, the council warns.
The Marsh Lane recycling centre is closed on bank holidays.
Page 4 of the form asks for your employer's address.
The disabled facilities grant covers up to 80 per cent of the cost.
Ward 7 at the General Hospital has no visiting on {DAY} mornings.
The Bank of England raised interest rates again in {MONTH}.
Power cut on {STREET}: the fire service is checking residents in the tower blocks.
Gates to the Attlee Gardens estate will be locked at 22:00.
Booth 3 at the register office is reserved for interpreters.
Cross-border workers must send the A1 certificate with the claim.
Judge for yourself: the new online form takes about ten minutes.
The Household Support Fund opens again on {DAY} at 9:00.
Sharp objects must not be put in the recycling bin.
Bird flu: residents should not touch dead birds in {PLACE} Park.
Passport photos must not be older than six months.
Council tax bands in {PLACE} were revalued in {MONTH}.
The Citizens Advice office in {PLACE} now opens on {DAY} evenings.
Free school meals are available to every infant pupil at {SCHOOL}.
The Ada Lovelace Library will host a benefits clinic in {MONTH}.
Attendance at {SCHOOL} fell below 90 per cent in the spring term.
Emergency beds are available at the Salvation Army hostel on {STREET}.
Your Personal Independence Payment review form must be returned within one month.
Ofsted rated the nursery on {STREET} as good.
Pension Credit take-up remains low in {PLACE}, the report says.
The Home Office helpline is open Monday to Friday.
Housing associations in {PLACE} will not accept new applicants until {MONTH}.
Bailiffs must give seven days' notice before visiting.
The Court of Protection hearing has been moved to the Royal Courts of Justice.
Neighbourhood police surgery: {DAY}, 18:00, St. Anne's Church Hall.
Ruby wedding parties in the community centre must be booked in advance.
Dawn raids on rogue landlords in {PLACE} found forty overcrowded homes.
Holly and ivy wreaths made by residents are on sale at {BUILDING}.
Joy riders on stolen scooters have been reported near {SCHOOL}.
Faith groups in {PLACE} run three of the local food banks.
April payments may arrive late because of Easter Monday.
Bill payment help is available from the energy company's hardship fund.
Miles travelled to hospital appointments can be claimed back with receipts.
The Dean of the university wrote in support of the student's housing application.
Banks must offer a basic account to anyone with valid identification.
Grant applications close on the last {DAY} of {MONTH}.
"""

DE_NAME = r"""
{FL1} hat beim Jobcenter angerufen, weil das Bürgergeld für {MONAT} noch nicht eingegangen ist.
Ihre Ansprechperson im Jobcenter ist ab sofort {T1}, Zimmer 3.112.
{T1} hat den Kooperationsplan unterschrieben und bekommt einen Bewerbungscoach.
{L1} legt gegen den Aufhebungsbescheid Widerspruch ein.
Die Arbeitsvermittlerin {FL1:f} hat für {T2:obl} eine Maßnahme beim Bildungsträger gebucht.
{F1} ist zum Meldetermin nicht erschienen, der Brief ging an die alte Adresse.
Bitte teilen Sie {T1:obl} mit, dass die Heizkostennachzahlung übernommen wird.
{T1} hat eine Stelle im Lager gefunden und fragt, wie das erste Gehalt angerechnet wird.
Zur Bedarfsgemeinschaft gehören {FL1}, {FL2} und das Kind {F3}.
Der Weiterbewilligungsantrag von {FL1} liegt seit drei Wochen unbearbeitet bei {T2:obl}.
{FML1} beantragt ein Darlehen für die Mietkaution.
{FL1} braucht einen Termin zur Verlängerung {g1:ihrer|seiner} Aufenthaltserlaubnis.
Die Fiktionsbescheinigung für {T1:obl} läuft am 30. April ab.
{T1} hat die Einbürgerung beantragt und den Test Leben in Deutschland bestanden.
Der elektronische Aufenthaltstitel für {FL1} liegt zur Abholung bereit.
Sehr geehrte Damen und Herren, mein Mann {FL1:m} wartet seit acht Monaten auf eine Antwort.
Die Anhörung von {T1:obl} beim BAMF wurde von {FL2} ins Paschtu gedolmetscht.
{L1} hat eine Duldung bis Ende {MONAT}, die Passbeschaffung läuft noch.
Laut Rechtsanwältin {FL1:f} ist der Familiennachzug für {F2} und die Kinder beantragt.
{FL1} fragt, ob {g1:sie|er} mit der Blauen Karte den Arbeitgeber wechseln darf.
Die Verpflichtungserklärung für {T1:obl} hat {g2:die Cousine|der Cousin} {FL2} abgegeben.
{FL1} von der Ausländerbehörde bittet um Rückruf wegen der Wohnsitzauflage.
{FL1} hat sich am 3. März in der {STRASSE} 7 angemeldet.
Der Reisepass für {F1}, geboren 2019, kann nur mit Zustimmung beider Eltern beantragt werden.
Die Eheschließung von {FL1} und {FL2} findet am 14. Juni im Trauzimmer statt.
Die Standesbeamtin {T1:f} hat die Namenserklärung beurkundet.
{F1:f} möchte nach der Scheidung wieder ihren Geburtsnamen {L2} führen.
Für die Ummeldung von {T1:obl} fehlt noch die Wohnungsgeberbestätigung.
Der Personalausweis von {FL1} wurde als verloren gemeldet.
Geburtsanzeige: Kind {FL1}, Mutter {FL2:f}, Vater {FL3:m}.
{F1} wird heute um 15 Uhr von {g1:ihrer|seiner} Oma {FL2:f} abgeholt.
Krankmeldung: {FL1} hat Fieber und bleibt bis Mittwoch zu Hause.
Die Klassenlehrerin von {F1}, {T2:f}, bittet um ein Gespräch vor den Herbstferien.
{T1} von der Kita Sonnenblume bestätigt einen Betreuungsumfang von 45 Stunden.
Der Kita-Gutschein für {FL1} wurde vom Jugendamt bewilligt.
Wir haben {F1} und {F2} für die Ganztagsbetreuung angemeldet.
Die Schulbegleiterin {FL1:f} begleitet {F2} ab dem zweiten Halbjahr.
{FL1} aus der 7b fehlt seit drei Wochen, die Schulsozialarbeit ist informiert.
Bitte richten Sie {T1:obl} aus, dass die Klassenfahrt über das Bildungspaket bezahlt wird.
Elternbrief: {T1} übernimmt ab Montag die Klasse 2a von {T2:obl}.
Leider wurde {F1} auf dem Schulhof von {F2} geschubst, wir bitten um Rückmeldung.
Der Antrag auf Schülerbeförderung für {FML1} wurde abgelehnt.
{FL1} meldet Schimmel im Kinderzimmer, die Hausverwaltung reagiert nicht.
{T1} aus dem dritten Stock beschwert sich über nächtlichen Lärm von {T2:obl}.
Die Wohnungsbaugesellschaft hat {T1:obl} fristlos gekündigt.
Wohnungstausch zwischen {FL1} und {FL2} genehmigt.
Der Hausmeister {FL1:m} hat den Wasserschaden fotografiert.
{L1} hat noch keinen Wohnberechtigungsschein, obwohl der Antrag im {MONAT} gestellt wurde.
Nach dem Tod {g1:ihres|seines} Vaters möchte {FL1} in den Mietvertrag eintreten.
Die Räumungsklage gegen {FL1} wurde zurückgenommen.
{FL1} wohnt seit 2017 zur Untermiete bei {FL2}.
Der Schlüssel liegt bei {T1:obl} im Erdgeschoss.
Mietschuldenübernahme: {T1} schuldet 2.340 Euro, eine Ratenzahlung mit {FL2} ist vereinbart.
Die Notunterkunft in der {STRASSE} hat {FL1} und {g1:ihre|seine} drei Kinder aufgenommen.
Das Amtsgericht hat {FL1} zur rechtlichen {g1:Betreuerin|Betreuer} von {FL2} bestellt.
Richterin am Amtsgericht {L1} hat die Anhörung auf Oktober verschoben.
In der Familiensache {L1} gegen {L2} ist der Termin am 12. Mai aufgehoben.
Der Verfahrensbeistand {FL1} empfiehlt begleiteten Umgang.
{F1} soll jedes zweite Wochenende bei {g2:der Mutter|dem Vater}, {FL2}, verbringen.
Der Betreuer {FL1:m} beantragt die Genehmigung für die Heimunterbringung von {T2:obl}.
{TF1} wurde im Termin als {g1:Zeugin|Zeuge} gehört.
Das Jugendamt, vertreten durch {FL1}, hat eine Stellungnahme abgegeben.
Rechtsanwalt {FL1:m} beantragt Akteneinsicht im Betreuungsverfahren für {FL2}.
Beschluss: Der Antrag von {T1:obl} auf Verfahrenskostenhilfe wird abgelehnt.
Die Sachverständige {D1:f} hält {T2:obl} für nicht mehr geschäftsfähig.
Am Sonntag gegen 23:40 Uhr meldete {FL1} einen Einbruch in {g1:ihren|seinen} Keller.
POK {L1} nahm die Anzeige von {FL2} auf.
Die Geschädigte {FL1:f} erlitt leichte Verletzungen.
{FL1} wurde als vermisst gemeldet und am nächsten Morgen bei {g1:ihrer|seiner} Schwester angetroffen.
Als Zeugen wurden {FL1} und {FL2} vernommen.
Der Beschuldigte {FL1:m} machte keine Angaben zur Sache.
Polizeihauptkommissarin {FL1:f} ist Ansprechpartnerin für die Familie {L2}.
Nach Angaben von {T1:obl} fuhr der Radfahrer bei Rot über die Ampel.
Kontaktbereichsbeamter {FL1:m} bietet jeden Dienstag eine Sprechstunde an.
{FL1} ist seit 1. Januar bei der AOK versichert.
Die Familienversicherung für {F1} und {F2} endet mit dem 25. Geburtstag.
{T1} hat Krankengeld beantragt, die Arbeitsunfähigkeitsbescheinigung von {D2:obl} liegt vor.
Die Krankenkasse lehnt die Kostenübernahme für {FL1:s} Rollstuhl ab.
Die Versichertenkarte von {FL1} wurde gesperrt.
Ich schreibe für meine Mutter {FML1:f}, die bei der Barmer versichert ist.
Die Hausärztin {D1:f} hat eine Reha für {FL2} empfohlen.
Der Medizinische Dienst hat {T1:obl} in Pflegegrad 3 eingestuft.
{FL1} (87) lebt seit {MONAT} im Seniorenheim am Park.
Der Pflegedienst kommt dreimal täglich zu {T1:obl}, {g1:ihre|seine} Tochter {F2:f} kümmert sich um den Einkauf.
Die Pflegeberaterin {FL1:f} besucht {T2:obl} am Donnerstag.
Verhinderungspflege für {FML1} vom 1. bis 21. August.
{T1} ist in der Nacht gestürzt, der Hausnotruf hat {FL2} informiert.
Die Tagespflege meldet, dass {F1} seit Montag nicht mehr gekommen ist.
Vorsorgevollmacht: {FL1} und {FL2} sind einzeln vertretungsberechtigt.
Die Hilfe zur Pflege für {FL1} ruht, bis der Verkauf der Wohnung abgeschlossen ist.
Telefonat mit {T1:obl}: möchte den Widerspruch zurücknehmen.
{L1} nicht erreicht, Nachricht auf der Mailbox hinterlassen.
Fallübergabe von {FL1} an {FL2} zum 1. April.
Vermerk: {T1} wünscht Kontakt nur per Post.
Gemeinsamer Hausbesuch mit {FL1} (Sozialpsychiatrischer Dienst) und {FL2} (Wohnungsamt).
{F1} wirkte im Gespräch sehr erschöpft und erzählte, dass {g1:sie|er} seit Tagen kaum schläft.
Beim Hausbesuch anwesend: {FL1}, {FL2} sowie zwei Kinder.
{T1} gibt an, dass {T2} von nebenan den Zweitschlüssel hat.
Rücksprache mit {FL1} von der Schuldnerberatung, nächster Termin in sechs Wochen.
{L1} war pünktlich, die Unterlagen sind vollständig.
Sehr {g1:geehrte|geehrter} {T1}, anbei erhalten Sie die fehlenden Kontoauszüge.
{g1:Liebe|Lieber} {F1}, {g2:liebe|lieber} {F2},
Hallo {T1},
Guten Tag {TF1},
Moin {F1},
Viele Grüße {FL1}
LG {F1}
Herzliche Grüße aus der Wohngeldstelle, {FL1}
Freundliche Grüße {I1} Sachgebiet Unterhaltsvorschuss
Mit besten Grüßen, {FML1}
Danke für Ihre Hilfe, {T1}!
Im Auftrag {I1}
Gruß {F1} und {F2}
Hallo zusammen, {F1} ist heute krank, dringende Fälle bitte an {F2}.
Von: {FL1} Gesendet: Donnerstag, 09:12 An: Bürgeramt Betreff: Termin
{F1}, ich habe {T2:obl} in Kopie gesetzt, {g2:sie|er} ist für die Härtefälle zuständig.
Bitte antworten Sie direkt an {FL1}, nicht an dieses Postfach.
Abwesenheitsnotiz: Ich bin bis Montag nicht im Haus, in dringenden Fällen wenden Sie sich an {FL1}.
~hey {F1} hat das amt dich schon zurückgerufen
~{F1} kannst du mir das formular nochmal schicken
~danke {F1} du bist spitze
~hab {L1} beim jobcenter von dem neuen job erzählt, war ok
~ist {F1} heute da? muss die kontoauszüge abgeben
~meine schwester {F1:f} kommt mit zum termin beim gericht
~{F1} und {F2} meinen auch dass der bescheid falsch ist
~frag mal {F1} ob die tafel samstag offen hat
~sorry {F1} bin 10 min später da
~ja die wohnung gehört {FL1}, geht nie ans telefon
~moin {F1}!! hab endlich die schlüssel
~kann {F1} oder {F2} mir beim antrag auf pflegegrad helfen
~{F1} sagt ich brauch ne krankmeldung von {D2}
~nee {F1} die schule hat nix geschickt
FAMILIENNAME: {L1:up} RUFNAME: {F1:up} AKTENZEICHEN: 2026-WG-0815
ANTRAGSTELLENDE PERSON: {FL1:up}
EHEGATTE/LEBENSPARTNER: {FML1:up:m}
KIND 1: {FL1:up} KIND 2: {FL2:up}
KONTAKT IM NOTFALL: {FL1:up:f} (NACHBARIN)
UNTERSCHRIFT: {FL1:up}
VERMIETER: {T1:up}
Antragsteller: {FL1}
Name, Vorname: {L1}, {F1}
Mieter: {FL1}, {FL2}
ÜBERWEISENDE ÄRZTIN: {D1:up:f}
Vollständiger Name laut Pass: {FML1}
VERSTORBEN: {FL1:up} ANZEIGENDE PERSON: {FL2:up}
N|{FL1} wurde zum neuen Fraktionsvorsitz der Grünen im Rat gewählt.
N|{g1:Sozialdezernentin|Sozialdezernent} {FL1} kündigte an, bis 2029 dreihundert Sozialwohnungen zu bauen.
N|{FL1} gewann die Stichwahl im Wahlkreis Ost mit 52 Prozent.
N|{g1:Polizeipräsidentin|Polizeipräsident} {FL1} besuchte die neue Wache am Marktplatz.
N|Nach der Sitzung sagte {T1}, die Stadtteilbibliothek bleibe geöffnet.
N|{FL1}, {g1:Leiterin|Leiter} des Jugendamts, entschuldigte sich für die langen Wartezeiten.
N|Eine Bürgerinitiative um {FL1} übergab dem Rathaus 4000 Unterschriften.
N|Vor Gericht sagte {FL1} aus, {g1:sie|er} habe das Sozialamt fünfmal um Hilfe gebeten.
N|{g1:Oberbürgermeisterin|Oberbürgermeister} {FL1} und {g1:ihr|sein} Stellvertreter {FL2:m} legten am Volkstrauertag einen Kranz nieder.
N|{T1}, {g1:Vorsitzende|Vorsitzender} des Sozialausschusses, nannte den Bericht „alarmierend“.
N|Die Mieterinnen und Mieter dankten {g1:der Hausmeisterin|dem Hausmeister} {FL1}, {g1:die|der} nach 30 Jahren in Rente geht.
N|{g1:Die Leiterin|Der Leiter} der Arbeitsagentur, {FL1}, sagte, die Zahl der offenen Stellen habe sich verdoppelt.
N|Ein Sprecher von {FL1}, {g1:der Bundestagsabgeordneten|dem Bundestagsabgeordneten} aus dem Wahlkreis, wollte sich nicht äußern.
N|{FL1} übernimmt die Geschäftsführung der städtischen Wohnungsbaugesellschaft.
N|Die Stadt trauert um {g1:die frühere Ratsfrau|den früheren Ratsherrn} {FL1}, {g1:die|der} am Dienstag gestorben ist.
N|{g1:Die Vorsitzende|Der Vorsitzende} des Seniorenbeirats, {FL1}, warnte vor fehlenden Pflegeplätzen.
N|{FL1} erhielt im Rathaussaal den Ehrenamtspreis für {g1:ihre|seine} Arbeit bei der Tafel.
N|{g1:Die Amtsleiterin|Der Amtsleiter} {FL1} sagte im Bauausschuss, die Fußgängerbrücke werde im Mai wieder freigegeben.
N|{HY1}, {g1:neue Leiterin|neuer Leiter} der Polizeiinspektion, kündigte mehr Fußstreifen in der Innenstadt an.
N|Der Integrationspreis ging in diesem Jahr an {FL1} und {FL2}.
Familie {L1} lebt seit {MONAT} in einer Notunterkunft.
{I1} und {I2} haben den gemeinsamen Antrag unterschrieben.
Der Brief an {FI1} kam mit dem Vermerk „unbekannt verzogen“ zurück.
{FL1:s} und {FL2:s} Anträge wurden gemeinsam geprüft.
{L1}, {L2} und {L3} sind für die Beratung am Samstag eingeteilt.
{F1:f}, ihr Partner {F2:m} und das Baby schlafen bei Freunden auf dem Sofa.
Nach Aussage von {T1:obl} ist das Schreiben der Stadt nie angekommen.
Es war {T1}, {g1:die|der} den fehlenden Rauchmelder bemerkt hat.
Dank {F1:s} schneller Reaktion bekam die Mieterin rechtzeitig Hilfe.
Bevor {FL1} etwas unterschreibt, möchte {g1:sie|er} mit der Verbraucherzentrale sprechen.
Falls {T1} wieder anruft, stellen Sie {g1:sie|ihn} bitte zu mir durch.
{FML1}, geboren am 2. Februar 1961, ist {g1:Alleinerbin|Alleinerbe}.
Wer hat die Auszahlung an {FL1} freigegeben?
Weder {F1} noch {F2} wussten, dass die Mietobergrenze gilt.
Erinnerung für {F1}: Die Überprüfung bei {FL2} steht nächsten Monat an.
Der Paketbote {FL1:m} fand die Wohnungstür offen und rief die 112.
Einspruch gegen den Bußgeldbescheid von {FL1}: Das Schild in der {STRASSE} war zugewachsen.
{FL1} fragt, ob die Grundsteuer in zwölf statt vier Raten gezahlt werden kann.
{D1} und {D2} sind sich nicht einig, ob {F3} erwerbsfähig ist.
Dolmetscher gebucht: {FL1} für Dari, {FL2} für Tigrinya.
Wir haben {T1:obl:ul} schriftlich informiert.
Eingang: Antrag von {FL1:ul}, Aktenzeichen WG-17-2206.
Meine Mutter {F1:f} spricht kein Deutsch, bitte rufen Sie stattdessen meinen Cousin {FL2:m} an.
Lebensmittelspende an {T1:obl} geliefert, gebracht von {F2}.
Nach dem Brand wurden {FL1} und {g1:ihre|seine} Kinder von {T2:obl} in einer Pension untergebracht.
{FL1} hat den Schlüssel für das Nachbarschaftshaus in der {STRASSE}.
Die Pflegeeltern {FL1} und {FL2} bitten im August um eine Auszeit.
Das adoptierte Kind {F1} trägt inzwischen den Nachnamen {L2}.
Danke an {FL1} für den ehrenamtlichen Einsatz im Wärmeraum jeden Donnerstag.
Ich, {FL1}, bevollmächtige {FL2}, in meiner Wohngeldsache Auskunft zu erhalten.
{FL1} ({g1:Mieterin|Mieter}) und {FL2} ({g2:Vermieterin|Vermieter}) haben die Kautionsvereinbarung unterschrieben.
Hinterbliebenenrente: {FL1:f} hat im Dezember ihren Mann {FL2:m} verloren.
Die Sachbearbeitung ({I1}) hat den Antrag am 9. Oktober abgelehnt.
{T1} arbeitet nachts im Klinikum, bitte nur schriftlich kontaktieren.
"""

DE_NONAME = r"""
Das Jobcenter in der {STRASSE} ist am {TAG} wegen einer Personalversammlung geschlossen.
Das Bürgergeld für {MONAT} wird am letzten Werktag des Vormonats überwiesen.
Richter und Schöffen des Amtsgerichts tagen ab {MONAT} im Neubau.
Der Richter hat den Termin auf {TAG} verlegt.
Fischer dürfen am Stadtsee nur mit gültigem Angelschein angeln.
Müller und Bäcker in der Region klagen über hohe Energiekosten, meldet die Handwerkskammer.
Jäger melden mehr Wildunfälle auf der Kreisstraße zwischen {ORT} und Bad Sülze.
Schäfer und Landwirte können bis {MONAT} Fördermittel beantragen.
Für den Dachstuhl der Grundschule werden ein Zimmermann und zwei Dachdecker gesucht.
Ein Hirsch hat auf der Bundesstraße bei {ORT} einen Unfall verursacht.
Die Adler-Apotheke in der {STRASSE} hat am {TAG} Notdienst.
Der Stein an der Friedhofsmauer ist locker, bitte melden Sie Schäden dem Grünflächenamt.
Im Herbst werden die Straßenbäume in der {STRASSE} zurückgeschnitten.
Bei Frost werden die Wasserleitungen im Kleingartenverein abgestellt.
Die Buslinie 12 fährt wegen Bauarbeiten nicht über die König-Heinrich-Straße.
Die Bürgersprechstunde findet im Ernst-Abbe-Saal statt.
Fröhliche Weihnachten und einen guten Rutsch wünscht das Team des Bürgeramts!
Freitag ist Abgabeschluss für die Anträge auf Schulbedarf.
Am Montag öffnet die Wohngeldstelle erst um 10 Uhr.
Klein- und Mittelbetriebe können ab {MONAT} den Energiezuschuss beantragen.
Schwarzarbeit kann anonym beim Zoll gemeldet werden.
Lange Wartezeiten im Bürgeramt: Termine gibt es erst wieder im {MONAT}.
Förster und Ranger bieten im {MONAT} Führungen für Schulklassen an.
Gärtnerinnen und Gärtner des Grünflächenamts pflanzen am {TAG} neue Bäume in der {STRASSE}.
Die Käthe-Kollwitz-Schule und die {SCHULE} erhalten neue Stellen für Schulsozialarbeit.
Das Bertha-von-Suttner-Haus ist barrierefrei erreichbar.
Kindergeld wird bei der Familienkasse {ORT} beantragt.
Bitte legen Sie Ihren Aufenthaltstitel und den Mietvertrag im Original vor.
Der Pflegestützpunkt in der {STRASSE} berät kostenlos zu allen Pflegegraden.
Sprechzeiten der Ausländerbehörde: Montag, Dienstag und Donnerstag von 8 bis 12 Uhr.
Das Amtsgericht {ORT} ist am {TAG} nur eingeschränkt erreichbar.
Im August ist die Kita drei Wochen geschlossen.
Ab Mai gelten neue Regeln für den Kita-Gutschein.
Per Post eingereichte Anträge werden nach Eingangsdatum bearbeitet.
Nur vollständige Anträge können bearbeitet werden.
Roman oder Sachbuch: Die Stadtbibliothek {ORT} verlängert im Sommer die Leihfrist.
Das Hai-Becken im Zoo {ORT} bleibt bis {MONAT} geschlossen.
Strand und Liegewiese am Badesee sind ab {TAG} wieder geöffnet.
Die Bezirksvertretung tagt im {GEBAEUDE}, Saal 2.
Der Antrag der Linken auf mehr Geld für Frauenhäuser fand im Rat keine Mehrheit.
Die Deutsche Rentenversicherung Bund prüft Ihre Angaben zur Kindererziehungszeit.
Zuständig ist das Sozialamt des Landkreises, nicht die Stadt {ORT}.
Das Wohngeld wird ab {MONAT} für Haushalte mit hohen Heizkosten erhöht.
Die Schuldnerberatung der Caritas hat eine Warteliste von zwei Monaten.
Der Martinsumzug der Kita startet um 17 Uhr am Marktplatz.
Die Hedwig-Dohm-Grundschule sucht Lesepatinnen und Lesepaten.
Im Rathaus Süd ist der Aufzug defekt, der barrierefreie Zugang erfolgt über den Hof.
Anträge auf Elterngeld stellen Sie bei der Elterngeldstelle im {GEBAEUDE}.
Krankenkassen wie AOK, TK und Barmer zahlen Dolmetscherkosten in der Regel nicht.
Die Polizei {ORT} warnt vor falschen Handwerkern an der Haustür.
Ab {MONAT} können Meldebescheinigungen online beantragt werden.
Bitte bringen Sie zur Vorsprache eine Person zum Dolmetschen mit, falls Sie kein Deutsch sprechen.
Die Kältehilfe öffnet ab {MONAT} zusätzliche Schlafplätze in der {STRASSE}.
Wer Hilfe beim Ausfüllen braucht, kann die Sprechstunde im Mehrgenerationenhaus nutzen.
Am Kurt-Schumacher-Platz entsteht ein neues Stadtteilzentrum.
Laut Gesundheitsamt ist die Masernimpfung für den Kita-Besuch Pflicht.
Weiß jemand, ob das Bürgeramt am {TAG} geöffnet hat?
"""

FILL = {
    "en": dict(
        STREET=["Pankhurst Close", "Attlee Road", "Wilberforce Street", "Keats Grove",
                "Elgar Avenue", "Brontë Way", "Austen Road", "Dickens Lane",
                "Nelson Mandela Road", "Cavell Street", "Wordsworth Drive", "Station Approach",
                "Cherry Tree Walk", "Foxglove Close"],
        DAY=["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        MONTH=["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"],
        BUILDING=["Pankhurst House", "the Guildhall", "Seacole House", "the Bevan Centre",
                  "Keir Hardie House", "the Elgar Rooms", "the Riverside Hub"],
        REF=["UC-2031-88410", "HB 7720 115", "CTR-4408-26", "PIP-00912-K"],
        PLACE=["Rotherham", "Walthamstow", "Swindon", "Paisley", "Newport", "Luton",
               "Gateshead", "Croydon", "Wrexham"],
        SCHOOL=["Isaac Newton Academy", "Emmeline Pankhurst Primary", "St. Columba's High School",
                "Elizabeth Garrett Anderson School", "Thomas Telford School", "Rosa Parks Primary",
                "Greenfield Juniors"],
    ),
    "de": dict(
        STRASSE=["Ernst-Reuter-Straße", "Clara-Zetkin-Straße", "Käthe-Kollwitz-Allee",
                 "Theodor-Heuss-Allee", "Friedrich-Ebert-Straße", "Marie-Curie-Straße",
                 "Kirchgasse", "Hirschgasse", "Adlerstraße", "Steingasse", "Fischerstraße",
                 "Schäfergasse", "Müllerstraße", "Hedwig-Dransfeld-Straße"],
        TAG=["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
        MONAT=["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
               "September", "Oktober", "November", "Dezember"],
        GEBAEUDE=["Sozialrathaus Ost", "Bürgerzentrum Nord", "Dienstleistungszentrum am Bahnhof",
                  "Heinrich-Böll-Haus", "Kreishaus", "Rathaus Süd"],
        ORT=["Offenbach", "Hildesheim", "Marzahn", "Chemnitz", "Würzburg", "Herne", "Lübeck",
             "Cottbus"],
        SCHULE=["Janusz-Korczak-Schule", "Albert-Schweitzer-Gymnasium", "Marie-Curie-Realschule",
                "Alexander-von-Humboldt-Schule", "Hannah-Arendt-Gymnasium",
                "Grundschule Am Wäldchen"],
    ),
}

TITLES = {
    "en": {"f": ["Mrs", "Ms", "Mrs.", "Ms.", "Miss"], "m": ["Mr", "Mr."], "x": ["Mx"],
           "dr": ["Dr", "Dr."], "prof": ["Professor"]},
    "de": {"f": ["Frau"], "m": ["Herr"], "x": [], "dr": ["Dr."], "prof": ["Prof. Dr."]},
}

# --------------------------------------------------------------------------
# Machinery
# --------------------------------------------------------------------------
ABBR = {"Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "Nr", "Az", "geb", "z.B", "ca", "bzw",
        "Hr", "Fr", "Tel", "Str", "Cllr", "Sgt", "u.a", "e.V", "ggf", "evtl"}
TOKEN_RE = re.compile(
    r"(?P<ord>\d{1,2}\.(?=\s+[^\W\d_]))"  # German ordinal "30. September"
    r"|\d+(?:[.:/]\d+)+"                 # times, dates, file numbers: 10:15 04.05.2019 44/1187/26
    r"|[^\W_]+(?:[-'.][^\W_]+)*\.?"      # words, numbers, hyphen/apostrophe words
    r"|[^\w\s]"                          # punctuation
)
NAME_RE = re.compile(r"\{([A-Z]+)(\d)((?::[a-z]+)*)\}")
GWORD_RE = re.compile(r"\{g(\d):([^|}]*)\|([^}]*)\}")
FILL_RE = re.compile(r"\{([A-Z]+)\}")


def tokenize(text: str) -> list[str]:
    out = []
    for m in TOKEN_RE.finditer(text):
        tok = m.group(0)
        if (len(tok) > 1 and tok.endswith(".") and not m.group("ord")
                and tok[:-1] not in ABBR and not (len(tok) == 2 and tok[0].isalpha())):
            out.extend([tok[:-1], "."])
        else:
            out.append(tok)
    return out


def split_list(items: list, rng: random.Random) -> tuple[list, list]:
    """Seeded shuffle, then ~40 % for TUNE and the rest for HOLD-OUT."""
    items = list(items)
    rng.shuffle(items)
    cut = round(len(items) * TUNE_SHARE)
    return items[:cut], items[cut:]


def split_names(rng: random.Random) -> dict[str, dict[str, dict[str, dict[str, list]]]]:
    """{split: {lang: {group: {f, m, s, mid_f, mid_m}}}} with no name shared between splits."""
    out: dict = {"tune": {"en": {}, "de": {}}, "holdout": {"en": {}, "de": {}}}
    tables = [(g, ("en", "de"), GROUPS[g]) for g in GROUPS]
    tables += [(WORDLIKE_GROUP, (lang,), WORDLIKE[lang]) for lang in ("en", "de")]
    for group, langs, table in tables:
        for key in ("f", "m", "s", "mid_f", "mid_m"):
            if key not in table:
                continue
            tune, hold = split_list(table[key], rng)
            for lang in langs:
                out["tune"][lang].setdefault(group, {})[key] = tune
                out["holdout"][lang].setdefault(group, {})[key] = hold
    return out


def name_tokens(name: str | tuple) -> list[str]:
    forms = name if isinstance(name, tuple) else (name,)
    return [t for form in forms for t in form.split() if t.casefold() not in PARTICLES]


def check_inventory() -> int:
    """Every name token belongs to exactly one group and one role (so the split is clean)."""
    seen: dict[str, str] = {}
    errors = 0
    tables = [(g, GROUPS[g]) for g in GROUPS] + [(f"wordlike-{k}", v) for k, v in WORDLIKE.items()]
    for group, table in tables:
        for key, names in table.items():
            for name in names:
                for tok in name_tokens(name):
                    where = f"{group}/{key}"
                    if tok.casefold() in seen:
                        print(f"duplicate name token {tok!r}: {seen[tok.casefold()]} and {where}")
                        errors += 1
                    seen[tok.casefold()] = where
    return errors


class Names:
    """Hands out persons round-robin over the origin groups of one split and language."""

    def __init__(self, lang: str, groups: dict[str, dict[str, list]], rng: random.Random):
        self.lang, self.rng, self.groups = lang, rng, groups
        self.use = Counter({g: 0 for g in groups})

    def person(self, gender: str | None) -> dict:
        low = min(self.use.values())
        group = self.rng.choice(sorted(g for g, c in self.use.items() if c == low))
        self.use[group] += 1
        g = self.groups[group]
        gender = gender or self.rng.choice("fm")
        sur = self.rng.choice(g["s"])
        if isinstance(sur, tuple):
            sur = sur[1] if gender == "f" else sur[0]
        first = self.rng.choice(g[gender])
        # An empty middle-name list means: no middle names in this group.
        mids = g.get("mid_" + gender, [x for x in g[gender] if x != first])
        return dict(group=group, gender=gender, first=first, last=sur,
                    middle=self.rng.choice(mids) if mids else None)

    def double(self, p: dict) -> str:
        """A hyphenated double surname; the second part may come from the local list."""
        a = p["last"] if " " not in p["last"] and "-" not in p["last"] else None
        local = "German" if self.lang == "de" else "English/Irish/Scottish/Welsh"
        pool = [s for s in self.groups[p["group"]]["s"] + self.groups[local]["s"]
                if isinstance(s, str) and " " not in s and "-" not in s and s != a]
        b = self.rng.choice(pool)
        return f"{a}-{b}" if a else f"{b}-{self.rng.choice([s for s in pool if s != b])}"

    def title(self, p: dict, kind: str) -> list[str]:
        rng, titles = self.rng, TITLES[self.lang]
        if kind == "D":
            if self.lang == "de":
                r = rng.random()
                if r < 0.35:
                    return [titles[p["gender"]][0], "Dr."]
                if r < 0.45:
                    return ["Prof.", "Dr."]
                return ["Dr."]
            return [rng.choice(titles["dr"])] if rng.random() < 0.9 else ["Professor"]
        if self.lang == "de":
            t = [titles[p["gender"]][0]]
            return [*t, "Dr."] if rng.random() < 0.12 else t
        r = rng.random()
        if r < 0.08:
            return [rng.choice(titles["dr"])]
        if r < 0.11:
            return ["Mx"]
        return [rng.choice(titles[p["gender"]])]

    def render(self, kind: str, p: dict, mods: list[str]) -> tuple[list[str], list[str]]:
        """Return (title tokens, name tokens)."""
        rng = self.rng
        last = p["last"].upper() if "ul" in mods else p["last"]
        mid = p["middle"]
        title = self.title(p, kind) if kind in ("T", "TF", "D") else []
        if kind == "F":
            name = p["first"]
        elif kind in ("L", "T", "D"):
            name = last
        elif kind in ("FML", "FI") and not mid:
            name = f"{p['first']} {last}"
        elif kind in ("FL", "TF"):
            r = rng.random()
            if r < 0.07 and mid:
                name = f"{p['first']} {p['middle']} {last}"
            elif r < 0.14:
                double = self.double(p)
                name = f"{p['first']} {double.upper() if 'ul' in mods else double}"
            elif r < 0.18 and mid:
                name = f"{p['first']} {p['middle'][0]}. {last}"
            else:
                name = f"{p['first']} {last}"
        elif kind == "FML":
            name = f"{p['first']} {p['middle']} {last}"
        elif kind == "FI":
            name = f"{p['first']} {p['middle'][0]}. {last}"
        elif kind == "HY":
            name = f"{p['first']} {self.double(p)}"
        elif kind == "I":
            inits = [p["first"][0] + "."]
            if rng.random() < 0.25 and mid:
                inits.append(p["middle"][0] + ".")
            name = " ".join([*inits, last])
        else:
            raise ValueError(kind)
        return title, name.split()


def genitive(tok: str, lang: str) -> str:
    if lang == "en":
        return tok + "'s"
    if tok[-1] in "sßxzSXZ":
        return tok + "'"
    return tok + "s"


def realise(template: str, lang: str, names: Names, rng: random.Random):
    lower = template.startswith("~")
    text = template.lstrip("~")
    genders: dict[str, str | None] = {}
    for m in NAME_RE.finditer(text):
        mods = m.group(3).split(":")
        g = "f" if "f" in mods else "m" if "m" in mods else None
        genders[m.group(2)] = genders.get(m.group(2)) or g
    persons = {idx: names.person(g) for idx, g in sorted(genders.items())}
    text = GWORD_RE.sub(lambda m: m.group(2) if persons[m.group(1)]["gender"] == "f"
                        else m.group(3), text)
    text = FILL_RE.sub(lambda m: rng.choice(FILL[lang][m.group(1)]), text)
    toks: list[tuple[str, str]] = []
    groups = []
    pos = 0
    for m in NAME_RE.finditer(text):
        toks += [(t, "O") for t in tokenize(text[pos:m.start()])]
        mods = m.group(3).split(":")
        title, name = names.render(m.group(1), persons[m.group(2)], mods)
        groups.append(persons[m.group(2)]["group"])
        if "s" in mods:
            name[-1] = genitive(name[-1], lang)
        if "obl" in mods and lang == "de":
            title = ["Herrn" if t == "Herr" else t for t in title]
        if "up" in mods:
            title = [t.upper() for t in title]
            name = [t.upper() for t in name]
        toks += [(t, "O") for t in title]
        toks += [(t, "B-PER" if i == 0 else "I-PER") for i, t in enumerate(name)]
        pos = m.end()
    toks += [(t, "O") for t in tokenize(text[pos:])]
    if lower:
        toks = [(t.lower(), tag) for t, tag in toks]
    elif toks and toks[0][0][0].islower():
        toks[0] = (toks[0][0][0].upper() + toks[0][0][1:], toks[0][1])
    return toks, groups


def kind_of(line: str) -> str:
    if line.startswith("N|"):
        return "news"
    if line.startswith("~"):
        return "chat"
    if ":up" in line:
        return "form"
    return "other"


def parse(block: str) -> list[str]:
    return [line for line in block.strip().splitlines() if line.strip()]


def split_templates(block: str, rng: random.Random, stratified: bool) -> tuple[list, list]:
    """Seeded ~40/60 split of the templates, within each kind (news, chat, form, other)."""
    lines = parse(block)
    if len(set(lines)) != len(lines):
        raise SystemExit("duplicate template")
    tune: list[str] = []
    hold: list[str] = []
    kinds = ("news", "chat", "form", "other") if stratified else (None,)
    for kind in kinds:
        part = [t for t in lines if kind is None or kind_of(t) == kind]
        a, b = split_list(part, rng)
        tune += a
        hold += b
    return tune, hold


def build(lang: str, name_t: list[str], noname_t: list[str],
          groups: dict[str, dict[str, list]], rng: random.Random):
    names = Names(lang, groups, rng)
    pool = [t for t in name_t for _ in range(USES)]
    n_noname = round(len(pool) * NO_NAME_SHARE / (1 - NO_NAME_SHARE))
    nn_pool = [t for t in noname_t for _ in range(USES)]
    rng.shuffle(nn_pool)
    if n_noname > len(nn_pool):
        raise SystemExit(f"{lang}: too few no-name templates")
    pool += nn_pool[:n_noname]
    rng.shuffle(pool)
    sents = []
    for tpl in pool:
        news = tpl.startswith("N|")
        toks, mention_groups = realise(tpl[2:] if news else tpl, lang, names, rng)
        sents.append((toks, news, mention_groups))
    return sents


def write(path: Path, sents) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for toks, _, _ in sents:
            for t, tag in toks:
                fh.write(f"{t} {tag}\n")
            fh.write("\n")


def check_format(path: Path) -> int:
    """Stdlib format check: 2 columns, valid tags, I-PER only after B/I-PER."""
    errors = 0
    prev = "O"
    text = path.read_text(encoding="utf-8")
    for no, line in enumerate(text.split("\n"), 1):
        if line == "":
            prev = "O"
            continue
        parts = line.split(" ")
        if len(parts) != 2 or not parts[0]:
            print(f"{path.name}:{no}: not two columns: {line!r}")
            errors += 1
            continue
        tag = parts[1]
        if tag not in ("O", "B-PER", "I-PER"):
            print(f"{path.name}:{no}: bad tag {tag!r}")
            errors += 1
        if tag == "I-PER" and prev not in ("B-PER", "I-PER"):
            print(f"{path.name}:{no}: I-PER after {prev}")
            errors += 1
        prev = tag
    if not text.endswith("\n\n") or "\n\n\n" in text:
        print(f"{path.name}: sentences must be separated by exactly one blank line")
        errors += 1
    return errors


def stats(sents) -> dict:
    n_names = single = lower = upper = noname = news = 0
    origins: Counter = Counter()
    for toks, is_news, groups in sents:
        news += is_news
        origins.update(groups)
        spans: list[list[str]] = []
        for t, tag in toks:
            if tag == "B-PER":
                spans.append([t])
            elif tag == "I-PER":
                spans[-1].append(t)
        noname += not spans
        for s in spans:
            n_names += 1
            single += len(s) == 1
            letters = "".join(ch for ch in " ".join(s) if ch.isalpha())
            lower += letters == letters.lower()
            upper += letters == letters.upper()
    return dict(sentences=len(sents), names=n_names, single_token=single, lower=lower,
                upper=upper, no_name=noname, news=news, origins=origins)


def main() -> int:
    errors = check_inventory()
    rng = random.Random(SEED)
    name_sets = split_names(rng)
    blocks = {"en": (EN_NAME, EN_NONAME), "de": (DE_NAME, DE_NONAME)}
    template_sets: dict = {"tune": {}, "holdout": {}}
    for lang, (nb, nnb) in blocks.items():
        t_tune, t_hold = split_templates(nb, rng, stratified=True)
        n_tune, n_hold = split_templates(nnb, rng, stratified=False)
        template_sets["tune"][lang] = (t_tune, n_tune)
        template_sets["holdout"][lang] = (t_hold, n_hold)
    results = {}
    for split in ("tune", "holdout"):
        for lang in ("de", "en"):
            name_t, noname_t = template_sets[split][lang]
            file_rng = random.Random(f"{SEED}/{split}/{lang}")
            sents = build(lang, name_t, noname_t, name_sets[split][lang], file_rng)
            path = HERE / f"{split}_{lang}.conll"
            write(path, sents)
            errors += check_format(path)
            st = stats(sents)
            results[path.name] = st
            print(path.name, {k: v for k, v in st.items() if k != "origins"},
                  f"templates={len(name_t)}+{len(noname_t)}")
    print()
    print("| file | sentences | names (B-PER) | single-token names | lower-case names "
          "| ALL-CAPS names | sentences without a name | news-style |")
    print("|---|---|---|---|---|---|---|---|")
    for fname, st in results.items():
        n = st["names"]
        print(f"| `{fname}` | {st['sentences']} | {n} | {st['single_token']} "
              f"({100 * st['single_token'] / n:.1f} %) | {st['lower']} | {st['upper']} "
              f"| {st['no_name']} ({100 * st['no_name'] / st['sentences']:.1f} %) "
              f"| {st['news']} |")
    print()
    print("| origin group | " + " | ".join(f"`{f}`" for f in results) + " |")
    print("|---|" + "---|" * len(results))
    for group in [*GROUPS, WORDLIKE_GROUP]:
        print(f"| {group} | " + " | ".join(str(st["origins"][group]) for st in results.values())
              + " |")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
