/**
 * Demo data: first and last names by naming tradition, "|"-separated, as written (accents kept).
 * src/seed/demo-generator.ts draws from them; nothing here is logic.
 */
export type PoolKey =
  | 'anglo'
  | 'german'
  | 'french'
  | 'spanish'
  | 'latam'
  | 'portuguese'
  | 'italian'
  | 'dutch'
  | 'nordic'
  | 'indian'
  | 'japanese'
  | 'korean'
  | 'nigerian'
  | 'polish'
  | 'turkish'
  | 'filipino'
  | 'indonesian'
  | 'southern_african';

export const NAME_LISTS: Record<PoolKey, { first: string; last: string }> = {
  anglo: {
    first: 'James|Olivia|Liam|Emma|Noah|Ava|Oliver|Sophia|Ethan|Mia|Lucas|Amelia|Mason|Harper|Logan|Ella|Jack|Grace|Henry|Chloe|Samuel|Zoë|Daniel|Lily|Jacob|Hannah|Ryan|Madison|Isaac|Abigail|Nathan|Ruby|Leo|Freya|Charlie|Isla|Theo|Poppy|Aiden|Maya|Tyler|Jasmine|Connor|Erin|Renée|Chloë',
    last: "Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Taylor|Anderson|Thomas|Moore|Martin|Jackson|White|Harris|Clark|Lewis|Walker|Hall|Young|King|Wright|Scott|Green|Baker|Adams|Campbell|Evans|Roberts|Turner|Phillips|Murphy|O'Brien|Kelly|Hughes|Patel|Nguyen|Kim|Chen|Walsh|Foster|Brooks|Reid",
  },
  german: {
    first: 'Lukas|Leon|Finn|Jonas|Felix|Maximilian|Paul|Elias|Jürgen|Lena|Hannah|Lea|Anna|Mia|Emilia|Marie|Sophie|Johanna|Clara|Katharina|Niklas|Tobias|Moritz|Greta|Jana|Lotte|Matthias|Sebastian|Jörg|Björn|Mehmet|Ayşe',
    last: 'Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hofmann|Hartmann|Lange|Werner|Krause|Lehmann|Köhler|Jäger|Yılmaz|Nowak',
  },
  french: {
    first: 'Léa|Chloé|Manon|Camille|Inès|Jade|Louise|Zoé|Emma|Alice|Hélène|Noémie|Élodie|Margaux|Lucas|Hugo|Louis|Gabriel|Arthur|Jules|Raphaël|Théo|Nathan|François|Mathéo|Antoine|Étienne|Benoît|Clément|Maxime|Yasmine|Karim',
    last: 'Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|Lefèvre|Michel|Garcia|David|Bertrand|Roux|Vincent|Fournier|Morel|Girard|André|Mercier|Dupont|Lambert|Bonnet|Fontaine|Rousseau|Chevalier|Gauthier|Faure|Blanc|Benali|Traoré',
  },
  spanish: {
    first: 'Lucía|Sofía|Martina|María|Paula|Julia|Valeria|Carmen|Inés|Elena|Alba|Noa|Hugo|Martín|Pablo|Alejandro|Daniel|Álvaro|Adrián|David|Javier|Sergio|Jorge|Mateo|Iker|José|Manuel|Raúl|Andrés|Nerea|Aitana|Jordi',
    last: 'García|Fernández|González|Rodríguez|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|Ruiz|Hernández|Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Torres|Domínguez|Vázquez|Ramos|Gil|Ramírez|Serrano|Blanco|Castillo|Puig|Ibáñez',
  },
  latam: {
    first: 'Sofía|Valentina|Camila|Ximena|Regina|Renata|Daniela|Mariana|Fernanda|Guadalupe|Isabella|Luciana|Santiago|Mateo|Sebastián|Diego|Emiliano|Leonardo|Matías|Nicolás|Alejandro|Joaquín|Tomás|Juan Pablo|Carlos|Luis|Andrés|Jesús|Paola|Ángel',
    last: 'Hernández|García|Martínez|López|González|Rodríguez|Pérez|Sánchez|Ramírez|Cruz|Flores|Gómez|Morales|Vázquez|Reyes|Jiménez|Torres|Díaz|Gutiérrez|Ruiz|Mendoza|Aguilar|Ortiz|Castro|Romero|Herrera|Medina|Vargas|Rojas|Álvarez|Fernández|Suárez|Acosta|Peña',
  },
  portuguese: {
    first: 'Maria|Ana|Beatriz|Júlia|Larissa|Gabriela|Letícia|Fernanda|Camila|Luana|Mariana|Isabela|Sofia|Alice|Helena|João|Pedro|Lucas|Gabriel|Matheus|Rafael|Gustavo|Thiago|Felipe|Bruno|Caio|Vinícius|Leonardo|André|Tiago|Gonçalo|Conceição',
    last: 'Silva|Santos|Oliveira|Souza|Rodrigues|Ferreira|Alves|Pereira|Lima|Gomes|Costa|Ribeiro|Martins|Carvalho|Almeida|Lopes|Soares|Fernandes|Vieira|Barbosa|Rocha|Dias|Nascimento|Araújo|Moreira|Cardoso|Gonçalves|Teixeira|Monteiro|Magalhães',
  },
  italian: {
    first: 'Giulia|Sofia|Aurora|Alice|Ginevra|Emma|Giorgia|Beatrice|Chiara|Francesca|Martina|Elisa|Leonardo|Francesco|Alessandro|Lorenzo|Mattia|Andrea|Gabriele|Tommaso|Riccardo|Edoardo|Matteo|Giuseppe|Niccolò|Luca|Marco|Davide|Federico|Noemi',
    last: 'Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|De Luca|Mancini|Costa|Giordano|Rizzo|Lombardi|Moretti|Barbieri|Fontana|Santoro|Mariani|Rinaldi|Caruso|Ferrara|Galli|Martini|Leone|Fabbri|Vitale',
  },
  dutch: {
    first: 'Daan|Sem|Lucas|Levi|Finn|Milan|Bram|Luuk|Thijs|Jesse|Emma|Julia|Mila|Tess|Sophie|Zoë|Sara|Nora|Fenna|Lotte|Eva|Noor|Anouk|Fleur|Sanne|Lieke|Joris|Pieter|Maarten|Femke|Ilse|Wouter',
    last: 'de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|Kok|Jacobs|de Haan|Vermeulen|van der Linden',
  },
  nordic: {
    first: 'Björn|Søren|Astrid|Ingrid|Freja|Ida|Maja|Ebba|Elsa|Saga|Alva|Linnéa|Åsa|Sigrid|Nils|Erik|Lars|Anders|Magnus|Oskar|Axel|Emil|Mikkel|Rasmus|Henrik|Jonas|Liv|Sofie|Frida|Johanne|Ole|Mårten',
    last: 'Johansson|Andersson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Svensson|Lindqvist|Lindström|Bergström|Åberg|Sjöberg|Nielsen|Jensen|Hansen|Pedersen|Andersen|Christensen|Larsen|Sørensen|Rasmussen|Jørgensen|Olsen|Johansen|Berg|Haugen|Dahl|Løkke|Ødegaard|Holm',
  },
  indian: {
    first: 'Aarav|Vivaan|Aditya|Arjun|Rohan|Ishaan|Kabir|Vihaan|Rahul|Karan|Siddharth|Nikhil|Ananya|Aanya|Diya|Priya|Saanvi|Isha|Kavya|Meera|Neha|Pooja|Riya|Shreya|Tanvi|Aditi|Lakshmi|Divya|Sneha|Arnav|Farhan|Zara',
    last: 'Sharma|Verma|Gupta|Singh|Kumar|Patel|Reddy|Iyer|Nair|Menon|Rao|Joshi|Mehta|Shah|Desai|Kapoor|Malhotra|Chopra|Bhat|Chatterjee|Banerjee|Mukherjee|Das|Pillai|Krishnan|Agarwal|Saxena|Kulkarni|Naidu|Ghosh|Khan|Fernandes',
  },
  japanese: {
    first: 'Yui|Hina|Sakura|Aoi|Yuna|Mei|Rin|Hana|Haruka|Misaki|Yuki|Saki|Nanami|Riko|Emi|Haruto|Sota|Yuto|Ren|Riku|Kaito|Takumi|Hiroshi|Kenji|Daiki|Shota|Ryota|Kenta|Shohei|Taro',
    last: 'Sato|Suzuki|Takahashi|Tanaka|Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Kato|Yoshida|Yamada|Sasaki|Yamaguchi|Matsumoto|Inoue|Kimura|Hayashi|Shimizu|Yamazaki|Mori|Abe|Ikeda|Hashimoto|Ishikawa|Ogawa|Fujita|Okada|Goto|Hasegawa',
  },
  korean: {
    first: 'Min-jun|Seo-yeon|Ji-ho|Ha-eun|Do-yun|Ji-woo|Seo-jun|Su-ah|Ye-jun|Ji-min|Hyun-woo|Yu-na|Jae-won|Da-eun|Joon-ho|So-yeon|Tae-yang|Eun-ji|Sung-min|Hye-jin',
    last: 'Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim|Han|Oh|Seo|Shin|Kwon|Hwang|Ahn|Song|Jeon|Hong',
  },
  nigerian: {
    first: 'Chinedu|Emeka|Oluwaseun|Tunde|Femi|Segun|Ifeanyi|Obinna|Chukwuemeka|Babatunde|Ibrahim|Musa|Aliyu|Kelechi|Uche|Ngozi|Chioma|Adaeze|Amara|Funke|Yetunde|Folake|Temitope|Bukola|Aisha|Zainab|Fatima|Nneka|Ifeoma|Damilola|Tobi',
    last: 'Okafor|Okeke|Eze|Nwosu|Adeyemi|Adebayo|Ogunleye|Olawale|Balogun|Bello|Abubakar|Mohammed|Ibrahim|Okonkwo|Obi|Nwachukwu|Afolabi|Akinola|Danjuma|Yusuf|Chukwu|Ogbonna|Oladipo|Adeleke|Ajayi|Ojo|Uzor|Ekwueme',
  },
  polish: {
    first: 'Zofia|Zuzanna|Julia|Maja|Hanna|Lena|Alicja|Oliwia|Małgorzata|Agnieszka|Katarzyna|Antoni|Jakub|Jan|Szymon|Franciszek|Filip|Aleksander|Mikołaj|Wojciech|Kacper|Łukasz|Paweł|Michał|Tomasz',
    // Surnames without a masculine/feminine form.
    last: 'Nowak|Wójcik|Mazur|Krawczyk|Kaczmarek|Zając|Król|Wieczorek|Wróbel|Dudek|Adamczyk|Pawlak|Walczak|Michalak|Sikora|Baran|Duda|Szewczyk|Kubiak',
  },
  turkish: {
    first: 'Elif|Zeynep|Ecem|Defne|Ela|Azra|Ayşe|Fatma|Selin|Büşra|Yusuf|Emir|Mehmet|Mustafa|Ahmet|Kerem|Burak|Can|Çağrı|Oğuz|Eren|Deniz',
    last: 'Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|Doğan|Kılıç|Aslan|Çetin|Kara|Koç|Kurt|Özkan|Şimşek',
  },
  filipino: {
    first: 'Maria|Angel|Princess|Jasmine|Nicole|Andrea|Camille|Kimberly|Patricia|Bea|John Mark|Paolo|Miguel|Carlo|Joshua|Angelo|Christian|Rafael|Gabriel|Niño',
    last: 'Santos|Reyes|Cruz|Bautista|Ocampo|Garcia|Mendoza|Torres|Tomas|Andrada|Castillo|Flores|Villanueva|Ramos|Castro|Rivera|Aquino|Navarro|Salazar|Dela Cruz',
  },
  indonesian: {
    first: 'Putri|Siti|Dewi|Ayu|Rina|Intan|Nadia|Sari|Anisa|Wulan|Budi|Agus|Rizky|Dimas|Fajar|Bayu|Adi|Hendra|Arif|Yoga',
    last: 'Santoso|Wijaya|Pratama|Saputra|Hidayat|Nugroho|Kusuma|Setiawan|Wibowo|Gunawan|Lestari|Permana|Halim|Hakim|Siregar|Nasution|Susanto|Purnomo|Utomo|Hartono',
  },
  southern_african: {
    first: 'Thabo|Sipho|Lerato|Naledi|Zanele|Bongani|Thandiwe|Lindiwe|Kagiso|Nomvula|Pieter|Annelie|Liezl|Ruan|Megan|Tshepo|Ayanda|Kgomotso',
    last: 'Nkosi|Dlamini|Ndlovu|Khumalo|Mokoena|Mthembu|Botha|van der Merwe|Naidoo|Pillay|Mahlangu|Sithole|du Plessis|Venter|Molefe|Zulu',
  },
};

