
"""Names of many origins for the generated training sentences (compiled by the project).

Common given names and surnames as they occur in Germany and English-speaking countries:
German, Turkish, Arabic, Persian, Kurdish, Polish, Russian/Ukrainian, Balkan, Romanian,
Greek, Italian, Spanish/Portuguese, Vietnamese, Chinese, West African, English, Irish,
Scandinavian, Dutch; multi-part surnames with particles and hyphenated double names.
"""

from __future__ import annotations

FIRST_NAMES = """
Anna Lena Marie Sophie Hannah Emma Mia Lea Laura Julia Katharina Sabine Petra Ursula Monika
Renate Ingrid Heike Birgit Gisela Karin Dagmar Annegret Wiebke Frauke Henrike Friedgard
Max Lukas Jonas Leon Paul Felix Tim Tobias Sebastian Stefan Thomas Michael Jürgen Klaus
Wolfgang Helmut Dieter Uwe Rüdiger Horst Günter Detlef Jörn Hinnerk Malte Ole Jannik
Hans-Peter Karl-Heinz Anna-Lena Marie-Luise Eva-Maria Hans-Jürgen Lisa-Marie
Mehmet Ahmet Mustafa Hüseyin Emre Burak Murat Cem Kerem Ayşe Fatma Zeynep Elif Emine Büşra Şeyma
Mohammed Muhammad Ahmad Omar Khaled Youssef Ibrahim Hassan Hussein Tariq Samir Karim Walid
Fatima Aisha Leila Yasmin Noor Rania Amira Mariam Samira Huda Zahra Reza Dariush Shirin Azadeh
Piotr Grzegorz Krzysztof Tomasz Agnieszka Małgorzata Katarzyna Wojciech Łukasz Joanna
Dmitri Sergej Alexei Wladimir Olga Tatjana Svetlana Natalia Irina Oksana Andrij Mykola
Dragan Milan Zoran Radoslav Jelena Milica Snežana Goran Nikola Mirela Ioana Andrei Mihai
Giorgos Eleni Dimitrios Giuseppe Francesca Alessandro Chiara Javier Lucía Carlos João Inês
Thi Lan Minh Huong Duc Anh Quang Linh Thanh Hoa Wei Li Jing Xiaoming Mei Hiroshi Yuki
Oluwaseun Chinedu Ngozi Adebayo Kwame Amara Kofi Abena Chiamaka Emeka
John Mary James Patricia Robert Jennifer William Elizabeth David Susan Richard Jessica
Joseph Sarah Charles Emily Oliver Amelia Harry Olivia Siobhan Niamh Declan Aoife Connor
Lars Ingrid Sven Astrid Bjørn Freya Pieter Joost Anouk Femke
""".split()

SURNAMES = """
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer
Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange Werner
Krause Lehmann Köhler Dobrindt Habeck Steinmeier Scholz Baerbock Lindqvist Haberkorn Oberhuber
Tessendorf Wehlmann Jannsen Quandtler Kröger Brenner Dittmar Rautenberg Wiesenhütter Pohlmann
Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara
Al-Hashimi Haddad Khalil Nasser Mansour Saleh Hamdan Abdullah Rahimi Hosseini Karimi Barzani
Kowalski Nowak Wiśniewski Wójcik Kamiński Lewandowski Zieliński Szymański Brzęczyszczykiewicz
Ivanov Ivanova Petrov Smirnov Kuznetsova Popov Sokolov Shevchenko Kovalenko Bondarenko
Petrović Jovanović Nikolić Mihajlović Horvat Kovačević Popescu Ionescu Popescu-Radu Georgiou
Papadopoulos Rossi Russo Esposito Bianchi García Fernández Rodríguez Silva Santos Oliveira
Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ngo Duong Wang Zhang Chen Liu Tanaka Suzuki
Adeyemi Okonkwo Mensah Okafor Adebayo Nwosu Boateng Diallo Traoré
Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Jackson White Harris
Martin Thompson Robinson Clark Lewis Walker Hughes O'Connor McAllister O'Brien MacDonald Murphy
Andersson Johansson Nielsen Jansen Bakker Visser Smit
""".split()

# Surnames of several tokens (particles) that the tokenizer keeps apart.
MULTI_PART_SURNAMES = (
    "von der Heide", "von Weizsäcker", "zu Guttenberg", "van Dijk", "van der Berg", "de Souza",
    "de la Cruz", "da Silva", "dos Santos", "di Marco", "ten Brink", "ter Horst", "al-Masri",
    "bin Laden", "Nguyen Thi", "Abu Bakr", "el Amrani", "van Beethoven", "de Maizière",
)
