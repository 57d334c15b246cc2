# ruff: noqa: E501  (templates and name tables read best on one line each)
#!/usr/bin/env python3
"""Build the person-name HOLD-OUT corpus (en.conll, de.conll).

Written by hand on 2026-12-07 for the Leitplanke project.  All names and all
sentence templates below were invented for this file; none was taken from
Faker, from the project's own lists or corpora, or from any other data set.

Deterministic: fixed seed, Python standard library only.
    python3 tests/pii/names_holdout/build.py

HOLD-OUT: do not tune the detector on these files, and do not add these
names or templates to any rule, list or training set.

Template mini-language
  {FL1}   first name + surname of person 1 (sometimes with a middle name or a
          hyphenated double surname)
  {FML1}  first + middle + surname          {HY1}  first + double surname
  {F1}    first name only                   {L1}   surname only
  {T1}    title + surname (Mr/Mrs/Ms/Dr, Herr/Frau [Dr.]); title tagged O
  {TF1}   title + first name + surname      {D1}   "Dr." + surname
  {I1}    initial(s) + surname ("J. Smith")
  modifiers  :f / :m  force gender, :s possessive ('s / German genitive -s),
             :up ALL CAPS, :obl German dative/accusative title (Herrn)
  {g1:her|his}   word chosen by gender of person 1 (female|male)
  A template starting with "~" is a chat message written all in lower case.
Literal text is tokenised simply: words, punctuation as separate tokens,
hyphens/apostrophes kept inside words, known abbreviations keep their period.
"""
from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

SEED = 20261207
HERE = Path(__file__).resolve().parent
NO_NAME_SHARE = 0.20

# --------------------------------------------------------------------------
# Invented name inventory, by origin group: female first names, male first
# names, surnames (a tuple is a (male, female) surname pair).
# --------------------------------------------------------------------------
GROUPS = {
    "german": dict(
        f="Annegret Heike Svenja Jutta Wiebke Dörte Marlies Friederike Ulrike Silke".split(),
        m="Jürgen Detlef Torsten Hartmut Gerold Lutz Volker Eckhard Malte Henning".split(),
        s=["Brinkmann", "Hölscher", "Kettelhake", "Pfannenstiel", "Dreesmann", "Wöhrle",
           "Obermaier", "Uhlenbrock", "Gerstenkorn", "Tiedemann", "von Hagenau",
           "Kessler-Wiedenbrück", "Rottkamp", "von der Heyde"],
    ),
    "british_irish": dict(
        f="Siobhan Gemma Morag Aoife Bethany Kirsty Niamh Philippa Maureen Eileen".split(),
        m="Declan Callum Rhys Gareth Alasdair Padraig Nigel Fergus Owen Lachlan".split(),
        s=["O'Driscoll", "McTavish", "Fairweather", "Ashcombe", "Pembridge", "Callaghan",
           "MacLeod", "Featherstone", "Quigley", "Dunmore", "O'Halloran", "Whitlock",
           "McGonigle"],
    ),
    "turkish": dict(
        f="Ayşe Elif Zeynep Hatice Gülsüm Derya Sevgi Büşra Nurcan Filiz".split(),
        m="Mehmet Emre Oğuz Hakan Serkan Burak Kadir Yusuf Levent Murat".split(),
        s=["Yıldırım", "Kaya", "Öztürk", "Ozturk", "Çelik", "Demirtaş", "Karaca", "Aydın",
           "Şahinoğlu", "Erdem", "Korkmaz", "Kılıç", "Uysal", "Yilmazer"],
    ),
    "arabic": dict(
        f="Fatima Layla Rania Amira Samira Nour Huda Yasmin Dalia Mariam".split(),
        m="Khaled Omar Tarek Youssef Mahmoud Karim Hamza Bilal Walid Anas".split(),
        s=["al-Khatib", "Haddad", "bin Saleh", "Mansour", "El-Sayed", "Nasrallah",
           "Abu-Zeid", "al-Amin", "Qasim", "Darwish", "Shaheen", "Barakat"],
    ),
    "persian": dict(
        f="Shirin Parisa Mahsa Niloufar Azadeh Leila Golnaz Soraya Fereshteh Roya".split(),
        m="Dariush Kaveh Arash Babak Farhad Reza Kourosh Siamak Behrouz Payam".split(),
        s=["Tehrani", "Rahimi", "Mohammadi", "Karimzadeh", "Farahani", "Hosseini",
           "Jafarpour", "Ghorbani", "Sadeghi", "Moradi", "Esfandiari", "Najafi"],
    ),
    "polish": dict(
        f="Agnieszka Małgorzata Katarzyna Joanna Bożena Ewelina Grażyna Magdalena Dorota Justyna".split(),
        m="Tomasz Krzysztof Grzegorz Paweł Wojciech Jarosław Marek Przemysław Łukasz Zbigniew".split(),
        s=["Nowak", "Wójcik", "Kaczmarek", "Mazur", "Krawczyk", "Pawlak", "Dudek", "Sikora",
           "Szewczyk", ("Wiśniewski", "Wiśniewska"), ("Jabłoński", "Jabłońska"),
           ("Kowalski", "Kowalska"), ("Zieliński", "Zielińska")],
    ),
    "russian_ukrainian": dict(
        f="Oksana Tetiana Natalia Svetlana Iryna Olena Lyudmila Anastasia Yulia".split(),
        m="Dmytro Sergei Oleksandr Igor Mykola Andriy Yuri Bohdan Pavel".split(),
        s=["Shevchuk", "Kovalenko", "Bondarenko", "Melnyk", "Tkachenko", "Lysenko",
           ("Petrov", "Petrova"), ("Smirnov", "Smirnova"), ("Volkov", "Volkova"),
           "Hrytsenko", "Savchuk", "Kravets"],
    ),
    "balkan": dict(
        f="Jelena Milica Snežana Dragana Ivana Mirela Lejla Amra Vesna".split(),
        m="Dragan Nikola Goran Zoran Emir Adnan Miloš Dejan Luka Haris".split(),
        s=["Jovanović", "Petrović", "Hadžić", "Kovačević", "Babić", "Marković", "Begović",
           "Delić", "Nikolić", "Radić", "Mehmedović", "Šarić", "Jovanovic"],
    ),
    "romanian": dict(
        f="Ioana Andreea Mihaela Roxana Florentina Georgiana Crina Daniela Oana".split(),
        m="Ionuț Bogdan Mihai Florin Sorin Cătălin Vasile Adrian Radu Costel".split(),
        s=["Popescu", "Ionescu", "Dumitrescu", "Stănescu", "Constantinescu", "Munteanu",
           "Ciobanu", "Moldovan", "Vasilescu", "Lungu", "Georgescu", "Dobre"],
    ),
    "italian": dict(
        f="Giulia Chiara Francesca Rosaria Alessandra Concetta Federica Serena".split(),
        m="Giuseppe Salvatore Matteo Vincenzo Lorenzo Gianluca Pasquale Alessio".split(),
        s=["Esposito", "Ferraro", "Lombardi", "Bellucci", "De Santis", "Marchetti", "Caruso",
           "Russo", "Di Stefano", "Gallo", "Fontana", "Rinaldi", "D'Alessandro"],
    ),
    "iberian": dict(
        f="Lucía Carmen Inês Mercedes Beatriz Rocío Conceição Pilar Joana".split(),
        m="Javier Alejandro João Rodrigo Gonçalo Álvaro Sergio Tiago Rafael".split(),
        s=["Rodríguez", "Sánchez", "Pereira", "da Silva", "Fernandes", "Gutiérrez",
           "dos Santos", "Moreno", "Oliveira", "Castro Vidal", "Herrera", "Figueiredo",
           "Fernández López"],
    ),
    "greek": dict(
        f="Eleni Katerina Dimitra Sofia Vasiliki Despina Georgia Chrysa".split(),
        m="Giorgos Nikos Dimitris Kostas Yannis Stavros Panagiotis Vangelis".split(),
        s=["Papadopoulos", "Georgiou", "Konstantinidis", "Nikolaou", "Karagiannis",
           "Papadakis", "Oikonomou", "Vlachos", "Antoniou", "Christodoulou", "Makris",
           "Alexiou"],
    ),
    "vietnamese": dict(
        f="Linh Huong Thao Mai Ngoc Trang Lan Phuong".split(),
        m="Minh Duc Tuan Quang Hieu Thanh Long Khoa".split(),
        s=["Nguyen", "Tran", "Pham", "Le", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo",
           "Duong", "Ly"],
        mid_f=["Thi", "Thu", "Ngoc"], mid_m=["Van", "Quoc", "Huu"],
    ),
    "chinese": dict(
        f="Xiaoling Meiling Jing Yan Hui Lihua Xue Fang".split(),
        m="Wei Jun Hao Zhiqiang Lei Tao Jianguo Bo".split(),
        s=["Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu",
           "Sun", "Lin"],
    ),
    "korean": dict(
        f="Ji-yeon Seo-yeon Min-ji Hye-jin Eun-ji Soo-ah Yuna Ha-eun".split(),
        m="Min-jun Ji-hoon Seung-woo Dong-hyun Jae-won Hyun-woo Sung-min Tae-yang".split(),
        s=["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim",
           "Han", "Shin"],
    ),
    "south_asian": dict(
        f="Priya Ananya Sunita Ayesha Farzana Deepika Nazia Lakshmi Shabana".split(),
        m="Rajesh Arjun Imran Vikram Sanjay Faisal Harpreet Asif Naveen".split(),
        s=["Sharma", "Patel", "Iyer", "Chaudhry", "Qureshi", "Reddy", "Malik", "Banerjee",
           "Siddiqui", "Nair", "Gill", "Raza"],
    ),
    "west_african": dict(
        f="Chioma Ngozi Adaeze Abena Akosua Funmilayo Efua Yetunde".split(),
        m="Chinedu Emeka Kwame Kofi Oluwaseun Babatunde Yaw Ikenna".split(),
        s=["Okafor", "Adeyemi", "Mensah", "Boateng", "Eze", "Okonkwo", "Asante",
           "Oyelaran", "Nwachukwu", "Owusu", "Adebayo", "Appiah"],
    ),
    "horn_of_africa": dict(
        f="Hodan Faduma Ifrah Saba Selam Hamdi Ayaan Luwam".split(),
        m="Abdirahman Mohamed Yonas Tesfaye Liban Dawit Abdullahi Filmon".split(),
        s=["Warsame", "Abdi", "Jama", "Farah", "Osman", "Hagos", "Tesfamariam",
           "Gebremedhin", "Mohamud", "Yusuf", "Berhane", "Haile"],
    ),
    "nordic": dict(
        f="Solveig Ingrid Sigrid Astrid Maja Kaisa Liv Freja".split(),
        m="Bjørn Henrik Lars Anders Mikko Sindre Jens Einar".split(),
        s=["Lindqvist", "Haugen", "Johansson", "Virtanen", "Sørensen", "Bergström",
           "Nyberg", "Halvorsen", "Korhonen", "Dahl", "Eriksen", "Sandvik"],
    ),
    "dutch": dict(
        f="Marieke Femke Anouk Sanne Lieke Ilse Annelies Joke".split(),
        m="Joost Bram Sjoerd Maarten Wouter Gerrit Ruud Pieter".split(),
        s=["van Dijk", "de Vries", "Bakker", "van der Linden", "Jansen", "Visser",
           "de Graaf", "Mulder", "Smit", "Hendriks", "van Leeuwen", "Kuipers"],
    ),
}
# Surnames that are ordinary words, one group per language.
WORDLIKE = {
    "de": dict(
        f="Sabine Claudia Birgit Kerstin Anja Monika".split(),
        m="Thomas Uwe Frank Stefan Rainer Dieter".split(),
        s=["Koch", "Wolf", "Fuchs", "Sommer", "Bauer", "Engel", "Vogel", "Winter", "Braun",
           "Schuster", "Kaiser", "Hahn", "Lang", "Becker"],
    ),
    "en": dict(
        f="Sarah Rachel Joanne Helen Louise Karen".split(),
        m="David Mark Paul Stephen Graham Neil".split(),
        s=["Baker", "Young", "Wells", "Hall", "Green", "May", "Fox", "Stone", "Rice", "Brown",
           "Church", "Hill", "Little", "Bishop"],
    ),
}

TITLES = {
    "en": {"f": ["Mrs", "Ms", "Mrs.", "Ms.", "Miss"], "m": ["Mr", "Mr."], "dr": ["Dr", "Dr."]},
    "de": {"f": ["Frau"], "m": ["Herr"], "dr": ["Dr."]},
}

# --------------------------------------------------------------------------
# Templates.  Name templates are used 3 times each; no-name templates fill
# the remaining share (about 20 %).  "news" templates are marked with "N|".
# --------------------------------------------------------------------------
EN_NAME = r"""
Dear {T1},
Dear {F1}, thanks for sending the tenancy agreement so quickly.
Kind regards, {FL1}
Best wishes, {F1} (daughter of {FL2})
{FL1} called the benefits line at 10:15 to ask why the payment for November has not arrived.
{L1} called again this morning and asked to speak to a supervisor.
Caseworker note: {T1} attended the appointment with {g1:her|his} interpreter, {FL2}.
Please pass this on to {FL1} in the housing repairs team.
I am writing on behalf of my mother, {FML1:f}, who has been housebound since her operation in March.
{T1} from the council tax office said the reduction would be backdated to April.
Has anyone heard back from {F1} about the boiler at 14 Mill Lane?
The school admission form for {FL1} was signed by both parents, {FL2:f} and {FL3:m}.
Forwarded message from {FL1}: the tenant in flat 3 reports damp in the bathroom again.
{FL1}, {FL2} and {FL3} have all asked for a resident parking permit for the same bay.
Thanks {F1}, {F2} and {F3} for covering the front desk on Friday.
{T1:s} pension statement shows a gap between 1998 and 2003.
According to {FL1:s} landlord, the rent went up in January.
{L1:s} application was incomplete, so I have written to {g1:her|him} again.
Note for file: {I1} confirmed by phone that the children still live at the address.
Reference AB-4471: claimant {FL1}, appeal lodged by {T2} on the claimant's behalf.
{F1} from the Jobcentre says the work coach appointment has been moved to Thursday.
My neighbour {FL1} has been parking in the disabled bay for weeks.
I would like to complain about the way {T1} spoke to me at the counter.
{T1} was very helpful and I would like that to be noted.
Can {T1} please call me back about the housing benefit overpayment?
Spoke with {FL1} (tenant) and {FL2} (support worker) about a plan for the rent arrears.
The home visit to {FL1} has been rescheduled because {g1:she|he} is in hospital.
{FML1} is listed as the second applicant on the housing register.
Our records show that {FL1} moved out of the property on 30 September.
N|Councillor {FL1} opened the new library extension on Saturday.
N|The mayor, {FL1}, said the budget gap would not lead to cuts in youth services.
N|Council leader {FL1} faced angry questions from residents about the new bin collection rota.
N|{FL1}, head of adult social care, will step down in the spring.
N|In a statement, {T1} defended the decision to close the Northgate office.
N|Local resident {FL1} told the meeting that the bus cuts had left {g1:her|him} isolated.
N|{T1}, the council's chief executive, earns more than the prime minister, the report found.
N|Planning officer {FL1} recommended that the application be refused.
N|The ombudsman upheld the complaint brought by {FL1} against the housing association.
N|Deputy mayor {HY1} announced a review of temporary accommodation costs.
N|The volunteer of the year award went to {FML1}, who has run the food bank since 2015.
N|Opposition spokesperson {FL1} called the rise in parking charges "a tax on carers".
N|A letter from {FL1:s} MP, {FL2}, arrived this morning.
N|Former councillor {FL1} has died at the age of 81, the town hall confirmed.
SURNAME: {L1:up} FORENAME(S): {F1:up}
NAME OF CHILD: {FL1:up} DATE OF BIRTH: 04/05/2019
PRINT NAME: {FL1:up}
TENANT: {T1:up}
NEXT OF KIN: {FL1:up:f} (SISTER)
JOINT APPLICANT: {FML1:up}
~hi {F1} its me again, did u get the photos of the mould
~thanks {F1}!! see you at 3
~is {F1} still on my case or has it gone to someone else
~my landlord {FL1} still hasnt fixed the heating
~can you tell {F1} i cant make tuesday
~spoke to {L1} at the desk, {g1:she|he} said to email it instead
~ok {F1} ill bring the payslips tomorrow
~{F1} here, ring me when you get this
Hello {F1}, I have attached the letter from the GP as you asked.
Hi {F1}, quick question about the single person discount.
Good morning {T1}, your appointment at the register office is confirmed for 09:40.
Yours sincerely, {FL1}, Revenues and Benefits
Many thanks, {F1}
Regards, {I1}, Parking Services
{FL1} wrote: I never received the reminder, so I should not have to pay the penalty.
From: {FL1} To: {FL2} Subject: Re: missed bin collection
Copying in {T1} from Environmental Health, who visited on Monday.
{T1} and {T2} will both attend the review meeting.
The interpreter, {FL1}, speaks Tigrinya and Amharic.
{F1:f} and her son {FL2:m} are staying with relatives until the repairs are done.
Could you confirm whether {FL1:s} Universal Credit claim has been closed?
The pension transfer for {TF1} was delayed because the bank details did not match.
I spoke to {F1} in the contact centre but {g1:she|he} could not find my case.
My daughter {F1:f} starts reception in September and we still have not heard about a school place.
Please address all correspondence to my solicitor, {TF1}.
{TF1} holds lasting power of attorney for {FL2}.
Young person {FL1} (16) was referred by the school nurse.
Visit note: {FL1} was not home; card left, neighbour {F2} said {g1:she|he} works nights.
{D1} has confirmed in writing that the stairs are unsafe for my husband.
The GP letter signed by {D1} is attached.
{FL1} and {FL2} applied jointly for the disabled facilities grant.
The tenancy is in the name of {FML1} only.
Who is dealing with {T1:s} file now that {F2} has left?
{F1}, can you ring {T2} before five, please?
Passing this to {FL1} as it concerns parking enforcement, not my team.
{L1} says the form was sent back twice, but we have no record of it.
We thank {FL1} for twenty years of service at the register office.
Birth registered by the mother, {FL1:f}, on 2 June.
Notice of marriage: {FL1:m} and {FL2:f}, both resident in this borough.
The death of {FML1} was registered by {g1:her|his} nephew, {FL2:m}.
Your new caseworker is {FL1}; {g1:she|he} will contact you within ten working days.
Complaint 2026/331: {T1} says the enforcement agent was rude to {g1:her|him} on the doorstep.
{FL1} asked whether the blue badge can be used in a different car.
As discussed with {F1} on the phone, I am sending the bank statements separately.
{T1} is on leave until the 14th, so please contact {FL2} in the meantime.
The keys were handed back by {HY1} on Friday.
Both {L1} and {L2} have missed their last two work coach appointments.
Sorry {F1}, I forgot to attach the form - here it is.
Reminder: {FL1} is coming in at 11 to sign the repayment agreement.
{T1} asked us not to call between 12 and 2 because of {g1:her|his} shifts.
When {FL1} arrived at the counter, the system was down.
Ask {F1} whether the discretionary housing payment was approved.
I, {FML1}, declare that the information given on this form is correct.
Signed: {FL1} Witness: {FL2}
{D1} from the health visiting team raised a safeguarding concern.
Thank you, {T1}, for your patience while we looked into this.
Is this the same {FL1} who applied last year from a different address?
Please note that {FL1} prefers to be addressed as {T1}.
The repairs were signed off by the surveyor, {I1}, on 3 March.
{L1} from 22 Park Road rang about the fence again.
We were unable to reach {T1} on the number provided.
The account holder is {FL1:f}, née {L2}.
The head teacher, {T1}, confirmed the place at Oakfield Primary.
Our son {F1:m} has an EHC plan and his key worker is {FL2}.
Both children, {F1} and {F2}, are registered at the same address.
{FL1} and {g1:her|his} partner {F2} have been on the waiting list since 2019.
I have asked {T1} to bring the original birth certificate to the next appointment.
{FL1} and {FL2} from the tenants' association met {T3} to discuss the service charges.
Present at the case conference: {FL1} (social worker), {FL2} (health visitor), {T3} (school).
{F1} and {F2} swapped shifts, so {F3} will open the office on Saturday.
Message for {F1}: {T2} rang about {g2:her|his} council tax arrears and will call back at 3.
{T1:s} daughter, {F2:f}, translated during the assessment.
"""

EN_NONAME = r"""
The Jobcentre Plus office on {STREET} will close early on {DAY}.
Universal Credit payments for {MONTH} will be made one day early because of the bank holiday.
Council Tax Support applications must reach us by the end of {MONTH}.
Please bring your passport and a recent utility bill to the appointment.
Bins on {STREET} will be collected on {DAY} instead of Monday.
The Housing Benefit team has moved to the second floor of {BUILDING}.
Parking permits for Zone {ZONE} can now be renewed online.
Flooding on {STREET} has been reported to the highways team.
Thank you for contacting {ORG}.
Your reference number is {REF}.
Repairs: kitchen tap leaking, tenant available mornings only.
The {ORG} helpline is closed on Christmas Day and Boxing Day.
Applications for secondary school places in {PLACE} open in {MONTH}.
St. Mary's Primary and {SCHOOL} are both oversubscribed this year.
Monday and Tuesday appointments are fully booked.
Pension Credit can be backdated by up to three months.
Marked urgent by Housing Options, see attached photos.
The Household Support Fund has been extended until {MONTH}.
Green Party and Labour councillors voted against the proposal.
The brown bin garden waste service costs 45 pounds a year.
May we remind you that the deadline for the renewal is approaching.
Young Carers Week starts on {DAY} with a drop-in at {BUILDING}.
Windows laptops are available to borrow from {PLACE} Library.
Please do not send original documents by post.
Rent statements are sent out every April and October.
The Martin Luther King Centre will host the advice surgery this week.
Housing Ombudsman guidance was updated in {MONTH}.
Residents of {PLACE} can ask for a free Blue Badge assessment.
Attached: tenancy agreement, payslips, Council Tax bill.
Citizens Advice {PLACE} offers free help with benefit appeals.
The drop-in session at {BUILDING} on {DAY} is cancelled.
Stone walls on {STREET} are the responsibility of the landlord, not the council.
"""

DE_NAME = r"""
Sehr {g1:geehrte|geehrter} {T1},
Sehr {g1:geehrte|geehrter} {TF1}, vielen Dank für Ihre Nachricht vom 12.11.2026.
Mit freundlichen Grüßen {FL1}
{g1:Liebe|Lieber} {F1}, danke für die schnelle Rückmeldung!
Hallo {F1}, hast du die Unterlagen für den Wohngeldantrag schon bekommen?
{FL1} hat heute um 10:15 im Bürgeramt angerufen und nach dem Stand des Antrags gefragt.
{L1} hat schon wieder angerufen und möchte einen Rückruf von der Teamleitung.
Aktenvermerk: {T1} erschien mit der Dolmetscherin {FL2:f} zum Termin.
Bitte leiten Sie das an {FL1} in der Wohngeldstelle weiter.
Ich schreibe im Auftrag meiner Mutter, {FML1:f}, die seit ihrer Operation im März bettlägerig ist.
{T1} von der Stadtkasse sagte, die Ermäßigung werde rückwirkend ab April gewährt.
Hat sich {F1} schon wegen der Heizung in der Lindenstraße 14 gemeldet?
Die Schulanmeldung für {FL1} wurde von beiden Eltern unterschrieben, {FL2:f} und {FL3:m}.
Weitergeleitete Nachricht von {FL1}: Die Mieterin in Wohnung 3 meldet erneut Schimmel im Bad.
{FL1}, {FL2} und {FL3} haben alle einen Bewohnerparkausweis für dieselbe Zone beantragt.
Danke, {F1}, {F2} und {F3}, dass ihr am Freitag den Infoschalter übernommen habt.
{L1:s} Rentenbescheid weist eine Lücke zwischen 1998 und 2003 auf.
Laut {FL1:s} Vermieter wurde die Miete im Januar erhöht.
{L1:s} Antrag war unvollständig, deshalb habe ich {g1:ihr|ihm} noch einmal geschrieben.
Vermerk: {I1} bestätigte telefonisch, dass die Kinder weiterhin unter der Adresse wohnen.
Az. 2026/4471: Antragstellerin {FL1:f}, Widerspruch eingelegt durch {T2:obl}.
{F1} vom Jobcenter sagt, der Termin bei der Arbeitsvermittlung wurde auf Donnerstag verschoben.
Mein Nachbar {FL1:m} parkt seit Wochen auf dem Behindertenparkplatz.
Ich möchte mich über das Verhalten von {T1:obl} am Schalter beschweren.
{T1} war sehr hilfsbereit, das möchte ich ausdrücklich loben.
Kann {T1} mich bitte wegen der Rückforderung beim Wohngeld zurückrufen?
Gespräch mit {FL1} (Mietpartei) und {FL2} (Betreuung) über eine Ratenzahlung der Mietschulden.
Der Hausbesuch bei {FL1} wurde verschoben, weil {g1:sie|er} im Krankenhaus liegt.
{FML1} ist als zweite antragstellende Person im Wohnungsregister eingetragen.
Laut unseren Unterlagen ist {FL1} zum 30. September aus der Wohnung ausgezogen.
N|{g1:Stadträtin|Stadtrat} {FL1} eröffnete am Samstag die neue Stadtteilbibliothek.
N|{g1:Die Oberbürgermeisterin|Der Oberbürgermeister}, {FL1}, sagte, die Haushaltslücke werde nicht zu Kürzungen bei der Jugendarbeit führen.
N|{g1:Bezirksbürgermeisterin|Bezirksbürgermeister} {FL1} musste sich im Ausschuss Fragen zur neuen Müllabfuhr stellen.
N|{FL1}, {g1:Leiterin|Leiter} des Sozialamts, geht im Frühjahr in den Ruhestand.
N|In einer Stellungnahme verteidigte {T1} die Schließung der Außenstelle Nord.
N|{g1:Anwohnerin|Anwohner} {FL1} sagte in der Versammlung, seit den Buskürzungen fühle {g1:sie|er} sich abgehängt.
N|{g1:Die Kämmerin|Der Kämmerer} {FL1} warnt vor einem Defizit von zwölf Millionen Euro.
N|{g1:Die Baudezernentin|Der Baudezernent}, {T1}, empfahl, den Bauantrag abzulehnen.
N|Die Ombudsstelle gab der Beschwerde von {FL1} gegen die Wohnungsbaugesellschaft statt.
N|{g1:Die stellvertretende Bürgermeisterin|Der stellvertretende Bürgermeister} {HY1} kündigte eine Überprüfung der Kosten für Notunterkünfte an.
N|Die Ehrennadel der Stadt erhielt {FML1}, {g1:die|der} seit 2015 die Tafel leitet.
N|{g1:Oppositionssprecherin|Oppositionssprecher} {FL1} nannte die höheren Parkgebühren eine Strafsteuer für Pflegekräfte.
N|Der frühere Ratsherr {FL1:m} ist im Alter von 81 Jahren gestorben, wie das Rathaus mitteilte.
NAME: {L1:up} VORNAME: {F1:up}
NAME DES KINDES: {FL1:up} GEBURTSDATUM: 04.05.2019
NAME IN DRUCKBUCHSTABEN: {FL1:up}
ANTRAGSTELLER/IN: {T1:up}
NOTFALLKONTAKT: {FL1:up:f} (SCHWESTER)
MIETER: {FML1:up}, 2. OG LINKS
~hallo {F1} ich bins nochmal, hast du die fotos vom schimmel bekommen
~danke {F1}!! bis um 3
~ist {F1} noch für meinen fall zuständig oder hat das jetzt jemand anders
~mein vermieter {FL1} hat die heizung immer noch nicht repariert
~kannst du {F1} sagen dass ich dienstag nicht kann
~hab mit {L1} am schalter geredet, {g1:sie|er} meinte ich soll ne mail schreiben
~ok {F1} ich bring morgen die lohnzettel mit
~{F1} hier, ruf mich zurück wenn du das liest
Guten Morgen {T1}, Ihr Termin im Standesamt ist für 09:40 Uhr bestätigt.
Hallo {F1}, kurze Frage zur Befreiung von der Zweitwohnungsteuer.
Mit freundlichen Grüßen, im Auftrag {FL1}, Wohngeldstelle
Beste Grüße {F1}
Freundliche Grüße, {I1}, Straßenverkehrsamt
{FL1} schrieb: Ich habe nie eine Mahnung erhalten, deshalb zahle ich das Verwarngeld nicht.
Von: {FL1} An: {FL2} Betreff: AW: Sperrmülltermin
{T1:obl} vom Ordnungsamt, {g1:die|der} am Montag vor Ort war, setze ich in Kopie.
{T1} und {T2} nehmen beide an der Fallkonferenz teil.
Die Dolmetscherin, {FL1:f}, spricht Tigrinya und Amharisch.
{F1:f} und ihr Sohn {FL2:m} wohnen bei Verwandten, bis die Reparaturen abgeschlossen sind.
Können Sie bestätigen, ob {FL1:s} Bürgergeld-Antrag abgeschlossen wurde?
Die Rentenüberweisung für {TF1:obl} verzögerte sich, weil die Bankverbindung nicht stimmte.
Ich habe mit {F1} im Servicecenter gesprochen, aber {g1:sie|er} konnte meinen Vorgang nicht finden.
Unsere Tochter {F1:f} kommt im August in die erste Klasse und wir haben noch keine Zusage der Schule.
Bitte richten Sie sämtliche Schreiben an meine Rechtsanwältin, {TF1:f}.
{TF1} hat eine Vorsorgevollmacht für {FL2}.
Die Jugendliche {FL1:f} (16) wurde von der Schulsozialarbeit gemeldet.
Hausbesuch: {FL1} nicht angetroffen, Karte eingeworfen; {g2:die Nachbarin|der Nachbar} {F2} sagt, {g1:sie|er} arbeitet nachts.
{D1} hat schriftlich bestätigt, dass die Treppe für meinen Mann nicht zumutbar ist.
Das Attest von {D1:obl} liegt bei.
{FL1} und {FL2} haben gemeinsam den Zuschuss für den barrierefreien Umbau beantragt.
Der Mietvertrag läuft ausschließlich auf {FML1}.
Wer bearbeitet jetzt die Akte von {T1:obl}, nachdem {F2} gegangen ist?
{F1}, kannst du bitte vor 17 Uhr {T2:obl} anrufen?
Ich gebe das an {FL1} weiter, da es um die Parkraumbewirtschaftung geht und nicht um mein Team.
{L1} sagt, das Formular sei zweimal zurückgeschickt worden, aber bei uns ist nichts eingegangen.
Wir danken {FL1} für zwanzig Jahre im Standesamt.
Die Geburt wurde von der Mutter, {FL1:f}, am 2. Juni angezeigt.
Anmeldung der Eheschließung: {FL1:m} und {FL2:f}, beide wohnhaft in Bochum.
Den Sterbefall von {FML1} hat {g1:ihr|sein} Neffe {FL2:m} beurkunden lassen.
Ihre neue Sachbearbeiterin ist {FL1:f}; sie meldet sich innerhalb von zehn Arbeitstagen bei Ihnen.
Beschwerde Nr. 2026/331: {T1} gibt an, der Gerichtsvollzieher sei an der Haustür unhöflich gewesen.
{FL1} fragt, ob der Parkausweis für Schwerbehinderte auch in einem anderen Auto gilt.
Wie mit {F1} telefonisch besprochen, schicke ich die Kontoauszüge separat.
{T1} ist bis zum 14. im Urlaub, wenden Sie sich bitte solange an {FL2}.
Die Schlüssel wurden am Freitag von {HY1} zurückgegeben.
Sowohl {L1} als auch {L2} haben die letzten beiden Termine im Jobcenter versäumt.
Sorry {F1}, ich hab vergessen, das Formular anzuhängen - hier ist es.
Erinnerung: {FL1} kommt um 11 Uhr, um die Ratenvereinbarung zu unterschreiben.
{T1} bittet darum, zwischen 12 und 14 Uhr nicht anzurufen, wegen {g1:ihrer|seiner} Schichtarbeit.
Als {FL1} am Schalter ankam, war das System ausgefallen.
Frag bitte {F1}, ob die Übernahme der Mietschulden bewilligt wurde.
Ich, {FML1}, versichere, dass die Angaben in diesem Formular richtig sind.
Unterschrift: {FL1} Zeuge: {FL2}
{D1} vom Gesundheitsamt hat eine Kindeswohlgefährdung gemeldet.
Danke, {T1}, für Ihre Geduld, während wir den Fall geprüft haben.
Ist das {g1:dieselbe|derselbe} {FL1}, {g1:die|der} letztes Jahr unter einer anderen Adresse Wohngeld beantragt hat?
Bitte beachten: {FL1} möchte mit {T1:obl} angesprochen werden.
Die Reparatur wurde vom Gutachter {I1:m} am 3. März abgenommen.
{L1} aus der Parkstraße 22 hat wegen des Zauns schon wieder angerufen.
Wir konnten {T1:obl} unter der angegebenen Nummer nicht erreichen.
Kontoinhaberin ist {FL1:f}, geb. {L2}.
{g1:Die Schulleiterin|Der Schulleiter}, {T1}, hat den Platz an der Grundschule am Lindenhof bestätigt.
Unser Sohn {F1:m} hat Förderbedarf, seine Bezugsperson in der Kita ist {FL2}.
Beide Kinder, {F1} und {F2}, sind unter derselben Adresse gemeldet.
{FL1} und {g1:ihr|sein} Partner {F2:m} stehen seit 2019 auf der Warteliste.
Ich habe {T1:obl} gebeten, zum nächsten Termin die Geburtsurkunde im Original mitzubringen.
{FL1} und {FL2} vom Mieterbeirat trafen sich mit {T3:obl}, um über die Nebenkosten zu sprechen.
Anwesend bei der Fallkonferenz: {FL1} (Sozialdienst), {FL2} (Gesundheitsamt), {T3} (Schule).
{F1} und {F2} haben die Schichten getauscht, deshalb öffnet {F3} am Samstag das Büro.
Nachricht für {F1}: {T2} hat wegen {g2:ihrer|seiner} Grundsteuerrückstände angerufen und meldet sich um 15 Uhr wieder.
{T1:s} Tochter {F2:f} hat beim Begutachtungstermin übersetzt.
"""

DE_NONAME = r"""
Das Jobcenter Nord in der {STRASSE} schließt am {TAG} bereits um 12 Uhr.
Die Zahlungen für {MONAT} werden wegen des Feiertags einen Tag früher überwiesen.
Anträge auf Wohngeld müssen bis Ende {MONAT} vollständig vorliegen.
Bitte bringen Sie Ihren Personalausweis und die Wohnungsgeberbestätigung mit.
Die Biotonne in der {STRASSE} wird am {TAG} statt am Montag geleert.
Die Wohngeldstelle ist umgezogen: {GEBAEUDE}, zweiter Stock, Zimmer 214.
Bewohnerparkausweise für die Zone {ZONE} können jetzt online verlängert werden.
Überschwemmung in der {STRASSE} wurde an das Tiefbauamt gemeldet.
Vielen Dank für Ihre Anfrage an {ORG}.
Ihr Aktenzeichen lautet {REF}.
Reparatur: Küchenarmatur tropft, Mieterin nur vormittags erreichbar.
Die Hotline der Familienkasse ist an Heiligabend nicht besetzt.
Anmeldungen für die weiterführenden Schulen in {ORT} beginnen im {MONAT}.
Das Goethe-Gymnasium und die {SCHULE} sind in diesem Jahr überbucht.
Montag und Dienstag sind alle Termine ausgebucht.
Grundsicherung im Alter wird nur auf Antrag gezahlt.
Dringend markiert von der Wohnungsnotfallhilfe, Fotos anbei.
Nach dem Haushaltsbeschluss wird der Härtefallfonds bis {MONAT} verlängert.
Grüne und SPD stimmten im Rat gegen den Antrag.
Die braune Tonne kostet 45 Euro im Jahr.
Wolf gesichtet: Die Stadt bittet, Hunde im Stadtwald an der Leine zu führen.
Im Sommer bleibt das Bürgeramt samstags geschlossen.
Koch gesucht: Die Kantine im Rathaus stellt ab {MONAT} ein.
Fuchs im Hinterhof: Der Hausmeister hat die Mülltonnen gesichert.
Engel-Apotheke und Bürgeramt teilen sich ab sofort den Eingang in der {STRASSE}.
Winterdienst: Gehwege vor dem Haus müssen bis 7 Uhr geräumt sein.
Bitte senden Sie keine Originaldokumente per Post.
Mietbescheinigungen werden jedes Jahr im April und Oktober verschickt.
Die Beratung findet diese Woche im Martin-Luther-Haus statt.
Anhang: Mietvertrag, Lohnabrechnungen, Grundsteuerbescheid.
Die Verbraucherzentrale {ORT} hilft kostenlos bei Widersprüchen gegen Bescheide.
Die offene Sprechstunde am {TAG} im {GEBAEUDE} fällt aus.
Laptops mit Windows können in der Stadtbibliothek {ORT} ausgeliehen werden.
Neue Öffnungszeiten der Deutschen Rentenversicherung gelten ab dem 1. {MONAT}.
"""

FILL = {
    "en": dict(
        STREET=["Station Road", "Mill Lane", "Victoria Street", "Churchill Way", "Nelson Street",
                "Baker Street", "Hall Lane", "Wells Road", "Green Lane", "Queensway",
                "Orchard Close", "King Edward Road"],
        DAY=["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        MONTH=["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"],
        BUILDING=["the Civic Centre", "Kingsway House", "Victoria Buildings", "Nelson House",
                  "Churchill Court", "the Old Town Hall", "Wellington House"],
        ZONE=["A", "B", "C4", "K", "North"],
        ORG=["Jobcentre Plus", "Universal Credit", "the Council Tax team", "Housing Options",
             "the Pension Service", "Adult Social Care", "Parking Services"],
        REF=["HB-2026-44817", "CT-553-0912", "UC 7731 228", "PP-00417"],
        PLACE=["Northfield", "Harrow", "Leeds", "Kirkstall", "Bromley", "Dundee", "Salford"],
        SCHOOL=["King Edward VI Academy", "Florence Nightingale School", "Queen Elizabeth Grammar",
                "Oakfield Primary", "Darwin College", "Brunel Academy"],
    ),
    "de": dict(
        STRASSE=["Bahnhofstraße", "Goethestraße", "Lindenallee", "Schillerstraße",
                 "Konrad-Adenauer-Straße", "Mühlengasse", "Bismarckstraße", "Kantstraße",
                 "Hauptstraße", "Rosa-Luxemburg-Straße", "Fuchsgasse", "Sommerstraße"],
        TAG=["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
        MONAT=["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
               "September", "Oktober", "November", "Dezember"],
        GEBAEUDE=["Technisches Rathaus", "Bürgerhaus West", "Haus der Bildung",
                  "Konrad-Adenauer-Haus", "Willy-Brandt-Haus", "Stadthaus"],
        ZONE=["A", "B", "C4", "K", "Nord"],
        ORG=["das Jobcenter Nord", "die Familienkasse", "das Bürgeramt Mitte",
             "die Wohngeldstelle", "die Deutsche Rentenversicherung", "die Ausländerbehörde",
             "das Straßenverkehrsamt"],
        REF=["WG-2026-44817", "SGB2-553-0912", "BG 7731 228", "PA-00417"],
        ORT=["Bielefeld", "Gelsenkirchen", "Neukölln", "Leipzig", "Kassel", "Pankow", "Ulm"],
        SCHULE=["Geschwister-Scholl-Schule", "Anne-Frank-Realschule", "Erich-Kästner-Grundschule",
                "Sophie-Scholl-Gesamtschule", "Humboldt-Gymnasium", "Grundschule am Lindenhof"],
    ),
}

ABBR = {"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Nr", "Az", "geb", "z.B", "ca", "bzw", "Hr", "Fr"}
TOKEN_RE = re.compile(
    r"(?P<ord>\d{1,2}\.(?=\s+[^\W\d_]))"  # German ordinal "30. September"
    r"|\d+(?:[.:/]\d+)+"                 # times, dates, file numbers: 10:15 04.05.2019 2026/331
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


class Names:
    def __init__(self, lang: str, rng: random.Random):
        self.lang, self.rng = lang, rng
        self.groups = dict(GROUPS)
        self.groups["wordlike"] = WORDLIKE[lang]
        self.use = Counter({g: 0 for g in self.groups})
        self.origin_names = Counter()

    def person(self, gender: str | None) -> dict:
        low = min(self.use.values())
        group = self.rng.choice(sorted(g for g, c in self.use.items() if c == low))
        self.use[group] += 1
        self.origin_names[group] += 1
        g = self.groups[group]
        gender = gender or self.rng.choice("fm")
        sur = self.rng.choice(g["s"])
        if isinstance(sur, tuple):
            sur = sur[1] if gender == "f" else sur[0]
        first = self.rng.choice(g[gender])
        mids = g.get("mid_" + gender) or [x for x in g[gender] if x != first]
        return dict(group=group, gender=gender, first=first, last=sur,
                    middle=self.rng.choice(mids))

    def double(self, p: dict) -> str:
        a = p["last"] if " " not in p["last"] and "-" not in p["last"] else None
        local = GROUPS["german" if self.lang == "de" else "british_irish"]["s"]
        pool = [s for s in self.groups[p["group"]]["s"] + local
                if isinstance(s, str) and " " not in s and "-" not in s and s != a]
        b = self.rng.choice(pool)
        return f"{a}-{b}" if a else f"{b}-{self.rng.choice([s for s in pool if s != b])}"

    def render(self, kind: str, p: dict) -> tuple[list[str], list[str]]:
        """Return (title tokens, name tokens)."""
        rng, lang = self.rng, self.lang
        titles = TITLES[lang]
        title: list[str] = []
        if kind in ("T", "TF"):
            title = [rng.choice(titles[p["gender"]])]
            if lang == "de" and rng.random() < 0.15:
                title.append("Dr.")
            elif lang == "en" and rng.random() < 0.1:
                title = [rng.choice(titles["dr"])]
        if kind == "D":
            title = [rng.choice(titles["dr"])]
            if lang == "de" and rng.random() < 0.4:
                title = [titles[p["gender"]][0], "Dr."]
        if kind == "F":
            name = p["first"]
        elif kind in ("L", "T", "D"):
            name = p["last"]
        elif kind in ("FL", "TF"):
            r = rng.random()
            if r < 0.08:
                name = f"{p['first']} {p['middle']} {p['last']}"
            elif r < 0.16:
                name = f"{p['first']} {self.double(p)}"
            else:
                name = f"{p['first']} {p['last']}"
        elif kind == "FML":
            name = f"{p['first']} {p['middle']} {p['last']}"
        elif kind == "HY":
            name = f"{p['first']} {self.double(p)}"
        elif kind == "I":
            inits = [p["first"][0] + "."]
            if rng.random() < 0.25:
                inits.append(p["middle"][0] + ".")
            name = " ".join([*inits, p["last"]])
        else:
            raise ValueError(kind)
        return title, name.split()


def genitive(tok: str, lang: str) -> str:
    if lang == "en":
        return tok + "'s"
    if tok[-1] in "sßxz":
        return tok + "'"
    return tok + "s"


def realise(template: str, lang: str, names: Names, rng: random.Random):
    lower = template.startswith("~")
    text = template.lstrip("~")
    # persons and gender constraints
    genders: dict[str, str | None] = {}
    for m in NAME_RE.finditer(text):
        mods = m.group(3).split(":")
        g = "f" if "f" in mods else "m" if "m" in mods else None
        genders[m.group(2)] = genders.get(m.group(2)) or g
    persons = {idx: names.person(g) for idx, g in genders.items()}
    text = GWORD_RE.sub(lambda m: m.group(2) if persons[m.group(1)]["gender"] == "f"
                        else m.group(3), text)
    text = FILL_RE.sub(lambda m: rng.choice(FILL[lang][m.group(1)]), text)
    toks: list[tuple[str, str]] = []
    mention_groups = []
    pos = 0
    for m in NAME_RE.finditer(text):
        toks += [(t, "O") for t in tokenize(text[pos:m.start()])]
        mods = m.group(3).split(":")
        title, name = names.render(m.group(1), persons[m.group(2)])
        mention_groups.append(persons[m.group(2)]["group"])
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
    return toks, mention_groups


def parse(block: str) -> list[tuple[str, bool]]:
    out = []
    for line in block.strip().splitlines():
        news = line.startswith("N|")
        out.append((line[2:] if news else line, news))
    return out


def build(lang: str, name_block: str, noname_block: str, rng: random.Random):
    names = Names(lang, rng)
    name_t = parse(name_block)
    noname_t = parse(noname_block)
    n_name_sent = 3 * len(name_t)
    n_noname = round(n_name_sent * NO_NAME_SHARE / (1 - NO_NAME_SHARE))
    pool = [t for t in name_t for _ in range(3)]
    nn_pool = [t for t in noname_t for _ in range(3)]
    rng.shuffle(nn_pool)
    pool += nn_pool[:n_noname]
    rng.shuffle(pool)
    sents = []
    mentions = Counter()
    for tpl, news in pool:
        toks, groups = realise(tpl, lang, names, rng)
        mentions.update(groups)
        sents.append((toks, news))
    return sents, mentions


def write(path: Path, sents) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for toks, _ in sents:
            for t, tag in toks:
                fh.write(f"{t} {tag}\n")
            fh.write("\n")


def check_format(path: Path) -> int:
    """Stdlib format check: 2 columns, valid tags, I-PER only after B/I-PER."""
    errors = 0
    prev = "O"
    in_sent = False
    lines = path.read_text(encoding="utf-8").split("\n")
    for no, line in enumerate(lines, 1):
        if line == "":
            prev, in_sent = "O", False
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
        prev, in_sent = tag, True
    if in_sent or not path.read_text(encoding="utf-8").endswith("\n\n"):
        print(f"{path.name}: must end with a blank line")
        errors += 1
    return errors


def stats(sents, origins) -> dict:
    n_names = single = lower = upper = noname = news = 0
    for toks, is_news in sents:
        news += is_news
        spans, cur = [], None
        for t, tag in toks:
            if tag == "B-PER":
                cur = [t]
                spans.append(cur)
            elif tag == "I-PER":
                cur.append(t)
        if not spans:
            noname += 1
        for s in spans:
            n_names += 1
            single += len(s) == 1
            letters = "".join(ch for ch in " ".join(s) if ch.isalpha())
            lower += letters == letters.lower()
            upper += letters == letters.upper()
    return dict(sentences=len(sents), names=n_names, single_token=single,
                lower=lower, upper=upper, no_name_sentences=noname, news=news,
                origins=dict(sorted(origins.items())))


def main() -> int:
    rng = random.Random(SEED)
    errors = 0
    for lang, nb, nnb in (("en", EN_NAME, EN_NONAME), ("de", DE_NAME, DE_NONAME)):
        sents, origins = build(lang, nb, nnb, rng)
        path = HERE / f"{lang}.conll"
        write(path, sents)
        errors += check_format(path)
        print(lang, stats(sents, origins))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
