/**
 * Deterministic generator of realistic demo influencers.
 *
 * Everything is derived from one seeded PRNG (mulberry32) and `opts.now`: no Math.random, no
 * Date.now, so the same options always produce deep-equal output. The generator only produces
 * plain data; persisting it (users, accounts, consent events...) is the seeder's job.
 *
 * Every influencer is generated with an intended `state`. Exactly one thing keeps a non-listable
 * influencer out of search; everything else about them is like a listable one:
 * - LISTABLE:     active, adult (age >= minAge, born at least minAge years + 1 day before now),
 *                 DISCOVERY granted within the last (consentTtlDays - 1) days and not withdrawn
 *                 since, at least one public account. ~60% also have a current CONTACT grant.
 * - NO_CONSENT:   no DISCOVERY event at all (and no consent event whatsoever).
 * - WITHDRAWN:    DISCOVERY granted, then withdrawn later (both in the past).
 * - EXPIRED:      last DISCOVERY grant more than consentTtlDays + 1 days before now, never withdrawn.
 * - MINOR:        age < minAge at now; no consent events (a minor cannot grant).
 * - ONLY_PRIVATE: every account is private; DISCOVERY consent current.
 * - SUSPENDED:    status 'suspended'; otherwise listable.
 */

import type { Platform } from '../search/search-engine';
import { TAXONOMY } from '../data/taxonomy';

// Module-local aliases of the Math functions used in hot loops: they save a global lookup per
// call, which is very slow inside a vm sandbox such as jest's (about 10x on the PRNG alone).
const { imul, floor, round, min, max, pow, exp, log, sqrt, cos, trunc, PI } = Math;

export type DemoState = 'LISTABLE' | 'NO_CONSENT' | 'WITHDRAWN' | 'EXPIRED' | 'MINOR' | 'ONLY_PRIVATE' | 'SUSPENDED';

export const DEMO_STATES: readonly DemoState[] = [
  'LISTABLE',
  'NO_CONSENT',
  'WITHDRAWN',
  'EXPIRED',
  'MINOR',
  'ONLY_PRIVATE',
  'SUSPENDED',
];

export interface DemoAccount {
  platform: Platform;
  handle: string;
  url: string;
  followers: number;
  /** Fraction, 0.005 - 0.12. */
  engagementRate: number;
  isPrivate: boolean;
}

export interface DemoConsentEvent {
  purpose: 'DISCOVERY' | 'CONTACT';
  action: 'GRANT' | 'WITHDRAW';
  /** ISO 8601 timestamp. */
  at: string;
}

export interface DemoInfluencer {
  /** Unique within one generation: `${slugified-name}.${index}@demo.permission.test`. */
  email: string;
  displayName: string;
  /** 1-2 sentences mentioning the influencer's topics. */
  bio: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** A real city of `country`. */
  city: string;
  /** ISO 639-1 codes, primary language first. */
  languages: string[];
  status: 'active' | 'suspended';
  /** 1-4 child topics of TAXONOMY, weight in (0, 1] with 2 decimals, sorted by weight descending. */
  topics: { slug: string; weight: number }[];
  /** 1-4 accounts on distinct platforms, all sharing the influencer's unique handle. */
  accounts: DemoAccount[];
  /** Chronological (non-decreasing `at`). */
  consents: DemoConsentEvent[];
  /** What the generator intended. */
  state: DemoState;
}

export interface DemoOptions {
  count: number;
  seed: number;
  now: Date;
  minAge: number;
  consentTtlDays: number;
}

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: tiny, fast, good enough for demo data; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;

  constructor(seed: number) {
    // Fold any finite number (negative, fractional, > 2^32) into 32 bits, then scramble it so that
    // neighbouring seeds start far apart.
    const folded = (trunc(seed) ^ trunc(seed / 4294967296)) >>> 0;
    this.next = mulberry32(imul(folded ^ 0x9e3779b9, 0x85ebca6b) >>> 0);
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]
    const v = this.next();
    return sqrt(-2 * log(u)) * cos(2 * PI * v);
  }
}

/** Cumulative weights for fast weighted picks. */
class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    let sum = 0;
    for (const w of weights) {
      sum += w;
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  pick(rng: Rng): T {
    const r = rng.next() * this.total;
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r < c[mid]) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

// ---------------------------------------------------------------------------------------------
// Text helpers

const SPECIAL_LETTERS: Record<string, string> = {
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ß: 'ss',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
  đ: 'd',
  Đ: 'D',
  þ: 'th',
};

/** Lower-case ASCII words of a (possibly accented) name: "Sørensen" -> ["sorensen"], "O'Brien" -> ["o", "brien"]. */
function asciiWords(s: string): string[] {
  return s
    .replace(/[øØæÆœŒßłŁıđĐþ]/g, (c) => SPECIAL_LETTERS[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

interface NamePart {
  display: string;
  /** ASCII letters only, for handles: "van den Berg" -> "vandenberg". */
  compact: string;
  /** ASCII kebab-case, for emails: "van den Berg" -> "van-den-berg". */
  kebab: string;
}

function nameParts(list: string): NamePart[] {
  return list.split('|').map((display) => {
    const words = asciiWords(display);
    return { display, compact: words.join(''), kebab: words.join('-') };
  });
}

/** Topic name as it reads inside a sentence: "Pâtisserie" -> "pâtisserie", but "K-beauty", "DIY & crafts" stay. */
function inSentence(name: string): string {
  const second = name.charAt(1);
  return second !== '' && second === second.toLowerCase() && second !== second.toUpperCase()
    ? name.charAt(0).toLowerCase() + name.slice(1)
    : name;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Names

type PoolKey =
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

const NAME_POOLS: Record<PoolKey, { first: NamePart[]; last: NamePart[] }> = {
  anglo: {
    first: nameParts(
      'James|Olivia|Liam|Emma|Noah|Ava|Oliver|Sophia|Ethan|Mia|Lucas|Amelia|Mason|Harper|Logan|Ella|Jack|Grace|Henry|Chloe|Samuel|Zoë|Daniel|Lily|Jacob|Hannah|Ryan|Madison|Isaac|Abigail|Nathan|Ruby|Leo|Freya|Charlie|Isla|Theo|Poppy|Aiden|Maya|Tyler|Jasmine|Connor|Erin|Renée|Chloë',
    ),
    last: nameParts(
      "Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Taylor|Anderson|Thomas|Moore|Martin|Jackson|White|Harris|Clark|Lewis|Walker|Hall|Young|King|Wright|Scott|Green|Baker|Adams|Campbell|Evans|Roberts|Turner|Phillips|Murphy|O'Brien|Kelly|Hughes|Patel|Nguyen|Kim|Chen|Walsh|Foster|Brooks|Reid",
    ),
  },
  german: {
    first: nameParts(
      'Lukas|Leon|Finn|Jonas|Felix|Maximilian|Paul|Elias|Jürgen|Lena|Hannah|Lea|Anna|Mia|Emilia|Marie|Sophie|Johanna|Clara|Katharina|Niklas|Tobias|Moritz|Greta|Jana|Lotte|Matthias|Sebastian|Jörg|Björn|Mehmet|Ayşe',
    ),
    last: nameParts(
      'Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hofmann|Hartmann|Lange|Werner|Krause|Lehmann|Köhler|Jäger|Yılmaz|Nowak',
    ),
  },
  french: {
    first: nameParts(
      'Léa|Chloé|Manon|Camille|Inès|Jade|Louise|Zoé|Emma|Alice|Hélène|Noémie|Élodie|Margaux|Lucas|Hugo|Louis|Gabriel|Arthur|Jules|Raphaël|Théo|Nathan|François|Mathéo|Antoine|Étienne|Benoît|Clément|Maxime|Yasmine|Karim',
    ),
    last: nameParts(
      'Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|Lefèvre|Michel|Garcia|David|Bertrand|Roux|Vincent|Fournier|Morel|Girard|André|Mercier|Dupont|Lambert|Bonnet|Fontaine|Rousseau|Chevalier|Gauthier|Faure|Blanc|Benali|Traoré',
    ),
  },
  spanish: {
    first: nameParts(
      'Lucía|Sofía|Martina|María|Paula|Julia|Valeria|Carmen|Inés|Elena|Alba|Noa|Hugo|Martín|Pablo|Alejandro|Daniel|Álvaro|Adrián|David|Javier|Sergio|Jorge|Mateo|Iker|José|Manuel|Raúl|Andrés|Nerea|Aitana|Jordi',
    ),
    last: nameParts(
      'García|Fernández|González|Rodríguez|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|Ruiz|Hernández|Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Torres|Domínguez|Vázquez|Ramos|Gil|Ramírez|Serrano|Blanco|Castillo|Puig|Ibáñez',
    ),
  },
  latam: {
    first: nameParts(
      'Sofía|Valentina|Camila|Ximena|Regina|Renata|Daniela|Mariana|Fernanda|Guadalupe|Isabella|Luciana|Santiago|Mateo|Sebastián|Diego|Emiliano|Leonardo|Matías|Nicolás|Alejandro|Joaquín|Tomás|Juan Pablo|Carlos|Luis|Andrés|Jesús|Paola|Ángel',
    ),
    last: nameParts(
      'Hernández|García|Martínez|López|González|Rodríguez|Pérez|Sánchez|Ramírez|Cruz|Flores|Gómez|Morales|Vázquez|Reyes|Jiménez|Torres|Díaz|Gutiérrez|Ruiz|Mendoza|Aguilar|Ortiz|Castro|Romero|Herrera|Medina|Vargas|Rojas|Álvarez|Fernández|Suárez|Acosta|Peña',
    ),
  },
  portuguese: {
    first: nameParts(
      'Maria|Ana|Beatriz|Júlia|Larissa|Gabriela|Letícia|Fernanda|Camila|Luana|Mariana|Isabela|Sofia|Alice|Helena|João|Pedro|Lucas|Gabriel|Matheus|Rafael|Gustavo|Thiago|Felipe|Bruno|Caio|Vinícius|Leonardo|André|Tiago|Gonçalo|Conceição',
    ),
    last: nameParts(
      'Silva|Santos|Oliveira|Souza|Rodrigues|Ferreira|Alves|Pereira|Lima|Gomes|Costa|Ribeiro|Martins|Carvalho|Almeida|Lopes|Soares|Fernandes|Vieira|Barbosa|Rocha|Dias|Nascimento|Araújo|Moreira|Cardoso|Gonçalves|Teixeira|Monteiro|Magalhães',
    ),
  },
  italian: {
    first: nameParts(
      'Giulia|Sofia|Aurora|Alice|Ginevra|Emma|Giorgia|Beatrice|Chiara|Francesca|Martina|Elisa|Leonardo|Francesco|Alessandro|Lorenzo|Mattia|Andrea|Gabriele|Tommaso|Riccardo|Edoardo|Matteo|Giuseppe|Niccolò|Luca|Marco|Davide|Federico|Noemi',
    ),
    last: nameParts(
      'Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|De Luca|Mancini|Costa|Giordano|Rizzo|Lombardi|Moretti|Barbieri|Fontana|Santoro|Mariani|Rinaldi|Caruso|Ferrara|Galli|Martini|Leone|Fabbri|Vitale',
    ),
  },
  dutch: {
    first: nameParts(
      'Daan|Sem|Lucas|Levi|Finn|Milan|Bram|Luuk|Thijs|Jesse|Emma|Julia|Mila|Tess|Sophie|Zoë|Sara|Nora|Fenna|Lotte|Eva|Noor|Anouk|Fleur|Sanne|Lieke|Joris|Pieter|Maarten|Femke|Ilse|Wouter',
    ),
    last: nameParts(
      'de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|Kok|Jacobs|de Haan|Vermeulen|van der Linden',
    ),
  },
  nordic: {
    first: nameParts(
      'Björn|Søren|Astrid|Ingrid|Freja|Ida|Maja|Ebba|Elsa|Saga|Alva|Linnéa|Åsa|Sigrid|Nils|Erik|Lars|Anders|Magnus|Oskar|Axel|Emil|Mikkel|Rasmus|Henrik|Jonas|Liv|Sofie|Frida|Johanne|Ole|Mårten',
    ),
    last: nameParts(
      'Johansson|Andersson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Svensson|Lindqvist|Lindström|Bergström|Åberg|Sjöberg|Nielsen|Jensen|Hansen|Pedersen|Andersen|Christensen|Larsen|Sørensen|Rasmussen|Jørgensen|Olsen|Johansen|Berg|Haugen|Dahl|Løkke|Ødegaard|Holm',
    ),
  },
  indian: {
    first: nameParts(
      'Aarav|Vivaan|Aditya|Arjun|Rohan|Ishaan|Kabir|Vihaan|Rahul|Karan|Siddharth|Nikhil|Ananya|Aanya|Diya|Priya|Saanvi|Isha|Kavya|Meera|Neha|Pooja|Riya|Shreya|Tanvi|Aditi|Lakshmi|Divya|Sneha|Arnav|Farhan|Zara',
    ),
    last: nameParts(
      'Sharma|Verma|Gupta|Singh|Kumar|Patel|Reddy|Iyer|Nair|Menon|Rao|Joshi|Mehta|Shah|Desai|Kapoor|Malhotra|Chopra|Bhat|Chatterjee|Banerjee|Mukherjee|Das|Pillai|Krishnan|Agarwal|Saxena|Kulkarni|Naidu|Ghosh|Khan|Fernandes',
    ),
  },
  japanese: {
    first: nameParts(
      'Yui|Hina|Sakura|Aoi|Yuna|Mei|Rin|Hana|Haruka|Misaki|Yuki|Saki|Nanami|Riko|Emi|Haruto|Sota|Yuto|Ren|Riku|Kaito|Takumi|Hiroshi|Kenji|Daiki|Shota|Ryota|Kenta|Shohei|Taro',
    ),
    last: nameParts(
      'Sato|Suzuki|Takahashi|Tanaka|Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Kato|Yoshida|Yamada|Sasaki|Yamaguchi|Matsumoto|Inoue|Kimura|Hayashi|Shimizu|Yamazaki|Mori|Abe|Ikeda|Hashimoto|Ishikawa|Ogawa|Fujita|Okada|Goto|Hasegawa',
    ),
  },
  korean: {
    first: nameParts(
      'Min-jun|Seo-yeon|Ji-ho|Ha-eun|Do-yun|Ji-woo|Seo-jun|Su-ah|Ye-jun|Ji-min|Hyun-woo|Yu-na|Jae-won|Da-eun|Joon-ho|So-yeon|Tae-yang|Eun-ji|Sung-min|Hye-jin',
    ),
    last: nameParts('Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim|Han|Oh|Seo|Shin|Kwon|Hwang|Ahn|Song|Jeon|Hong'),
  },
  nigerian: {
    first: nameParts(
      'Chinedu|Emeka|Oluwaseun|Tunde|Femi|Segun|Ifeanyi|Obinna|Chukwuemeka|Babatunde|Ibrahim|Musa|Aliyu|Kelechi|Uche|Ngozi|Chioma|Adaeze|Amara|Funke|Yetunde|Folake|Temitope|Bukola|Aisha|Zainab|Fatima|Nneka|Ifeoma|Damilola|Tobi',
    ),
    last: nameParts(
      'Okafor|Okeke|Eze|Nwosu|Adeyemi|Adebayo|Ogunleye|Olawale|Balogun|Bello|Abubakar|Mohammed|Ibrahim|Okonkwo|Obi|Nwachukwu|Afolabi|Akinola|Danjuma|Yusuf|Chukwu|Ogbonna|Oladipo|Adeleke|Ajayi|Ojo|Uzor|Ekwueme',
    ),
  },
  polish: {
    first: nameParts(
      'Zofia|Zuzanna|Julia|Maja|Hanna|Lena|Alicja|Oliwia|Małgorzata|Agnieszka|Katarzyna|Antoni|Jakub|Jan|Szymon|Franciszek|Filip|Aleksander|Mikołaj|Wojciech|Kacper|Łukasz|Paweł|Michał|Tomasz',
    ),
    // Surnames without a masculine/feminine form.
    last: nameParts(
      'Nowak|Wójcik|Mazur|Krawczyk|Kaczmarek|Zając|Król|Wieczorek|Wróbel|Dudek|Adamczyk|Pawlak|Walczak|Michalak|Sikora|Baran|Duda|Szewczyk|Kubiak',
    ),
  },
  turkish: {
    first: nameParts(
      'Elif|Zeynep|Ecem|Defne|Ela|Azra|Ayşe|Fatma|Selin|Büşra|Yusuf|Emir|Mehmet|Mustafa|Ahmet|Kerem|Burak|Can|Çağrı|Oğuz|Eren|Deniz',
    ),
    last: nameParts(
      'Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|Doğan|Kılıç|Aslan|Çetin|Kara|Koç|Kurt|Özkan|Şimşek',
    ),
  },
  filipino: {
    first: nameParts(
      'Maria|Angel|Princess|Jasmine|Nicole|Andrea|Camille|Kimberly|Patricia|Bea|John Mark|Paolo|Miguel|Carlo|Joshua|Angelo|Christian|Rafael|Gabriel|Niño',
    ),
    last: nameParts(
      'Santos|Reyes|Cruz|Bautista|Ocampo|Garcia|Mendoza|Torres|Tomas|Andrada|Castillo|Flores|Villanueva|Ramos|Castro|Rivera|Aquino|Navarro|Salazar|Dela Cruz',
    ),
  },
  indonesian: {
    first: nameParts(
      'Putri|Siti|Dewi|Ayu|Rina|Intan|Nadia|Sari|Anisa|Wulan|Budi|Agus|Rizky|Dimas|Fajar|Bayu|Adi|Hendra|Arif|Yoga',
    ),
    last: nameParts(
      'Santoso|Wijaya|Pratama|Saputra|Hidayat|Nugroho|Kusuma|Setiawan|Wibowo|Gunawan|Lestari|Permana|Halim|Hakim|Siregar|Nasution|Susanto|Purnomo|Utomo|Hartono',
    ),
  },
  southern_african: {
    first: nameParts(
      'Thabo|Sipho|Lerato|Naledi|Zanele|Bongani|Thandiwe|Lindiwe|Kagiso|Nomvula|Pieter|Annelie|Liezl|Ruan|Megan|Tshepo|Ayanda|Kgomotso',
    ),
    last: nameParts(
      'Nkosi|Dlamini|Ndlovu|Khumalo|Mokoena|Mthembu|Botha|van der Merwe|Naidoo|Pillay|Mahlangu|Sithole|du Plessis|Venter|Molefe|Zulu',
    ),
  },
};

const ALL_POOLS = Object.keys(NAME_POOLS) as PoolKey[];

// ---------------------------------------------------------------------------------------------
// Countries, cities, languages

interface CountryDef {
  code: string;
  /** Relative share of demo influencers. */
  weight: number;
  /** Default languages (ISO 639-1), primary first. */
  langs: string[];
  /** Probability of also speaking English when it is not already listed. */
  enRate: number;
  /** Optional further language and its probability. */
  extra?: [string, number];
  pools: [PoolKey, number][];
  /** City names; a tuple overrides the country's languages for that city. */
  cities: (string | [string, string[]])[];
}

const COUNTRIES: CountryDef[] = [
  {
    code: 'US',
    weight: 22,
    langs: ['en'],
    enRate: 1,
    extra: ['es', 0.1],
    pools: [['anglo', 62], ['latam', 14], ['indian', 5], ['korean', 3], ['nigerian', 4], ['filipino', 3], ['italian', 3], ['german', 2], ['french', 2], ['japanese', 2]],
    cities: ['New York', 'Los Angeles', 'Chicago', 'Austin', 'Miami', 'Seattle', 'Nashville', 'Denver', 'Atlanta', 'San Francisco', 'Portland', 'Boston', 'Houston', 'San Diego', 'Philadelphia'],
  },
  {
    code: 'GB',
    weight: 8,
    langs: ['en'],
    enRate: 1,
    pools: [['anglo', 78], ['indian', 9], ['nigerian', 5], ['polish', 3], ['italian', 2], ['french', 3]],
    cities: ['London', 'Manchester', 'Bristol', 'Edinburgh', 'Glasgow', 'Leeds', 'Brighton', 'Cardiff', 'Liverpool', 'Birmingham'],
  },
  {
    code: 'DE',
    weight: 6,
    langs: ['de'],
    enRate: 0.6,
    extra: ['tr', 0.04],
    pools: [['german', 82], ['turkish', 8], ['polish', 4], ['italian', 3], ['anglo', 3]],
    cities: ['Berlin', 'München', 'Hamburg', 'Köln', 'Frankfurt am Main', 'Düsseldorf', 'Leipzig', 'Stuttgart', 'Dresden', 'Nürnberg'],
  },
  {
    code: 'FR',
    weight: 6,
    langs: ['fr'],
    enRate: 0.4,
    pools: [['french', 88], ['portuguese', 3], ['spanish', 3], ['italian', 3], ['anglo', 3]],
    cities: ['Paris', 'Lyon', 'Marseille', 'Bordeaux', 'Toulouse', 'Nantes', 'Lille', 'Nice', 'Montpellier', 'Strasbourg'],
  },
  {
    code: 'ES',
    weight: 5,
    langs: ['es'],
    enRate: 0.45,
    pools: [['spanish', 88], ['latam', 6], ['anglo', 3], ['french', 3]],
    cities: ['Madrid', ['Barcelona', ['es', 'ca']], 'Valencia', 'Sevilla', 'Málaga', 'Bilbao', 'Zaragoza', ['Palma', ['es', 'ca']], 'San Sebastián', 'Córdoba'],
  },
  {
    code: 'IT',
    weight: 4,
    langs: ['it'],
    enRate: 0.4,
    pools: [['italian', 92], ['anglo', 3], ['spanish', 2], ['french', 3]],
    cities: ['Roma', 'Milano', 'Napoli', 'Torino', 'Firenze', 'Bologna', 'Palermo', 'Venezia', 'Genova'],
  },
  {
    code: 'BR',
    weight: 7,
    langs: ['pt'],
    enRate: 0.3,
    extra: ['es', 0.08],
    pools: [['portuguese', 86], ['italian', 4], ['japanese', 3], ['german', 3], ['latam', 4]],
    cities: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Brasília', 'Salvador', 'Curitiba', 'Florianópolis', 'Porto Alegre', 'Recife', 'Fortaleza'],
  },
  {
    code: 'MX',
    weight: 4,
    langs: ['es'],
    enRate: 0.35,
    pools: [['latam', 94], ['spanish', 3], ['anglo', 3]],
    cities: ['Ciudad de México', 'Guadalajara', 'Monterrey', 'Puebla', 'Mérida', 'Cancún', 'Querétaro', 'Oaxaca de Juárez', 'Tijuana'],
  },
  {
    code: 'IN',
    weight: 7,
    langs: ['hi', 'en'],
    enRate: 1,
    pools: [['indian', 100]],
    cities: [
      ['Mumbai', ['hi', 'mr', 'en']],
      ['Delhi', ['hi', 'en']],
      ['Bengaluru', ['kn', 'en', 'hi']],
      ['Chennai', ['ta', 'en']],
      ['Hyderabad', ['te', 'en', 'hi']],
      ['Kolkata', ['bn', 'en', 'hi']],
      ['Pune', ['mr', 'hi', 'en']],
      ['Jaipur', ['hi', 'en']],
      ['Kochi', ['ml', 'en']],
      ['Ahmedabad', ['gu', 'hi', 'en']],
    ],
  },
  {
    code: 'JP',
    weight: 4,
    langs: ['ja'],
    enRate: 0.2,
    pools: [['japanese', 97], ['anglo', 3]],
    cities: ['Tokyo', 'Osaka', 'Kyoto', 'Yokohama', 'Fukuoka', 'Sapporo', 'Nagoya', 'Kobe'],
  },
  {
    code: 'NL',
    weight: 3,
    langs: ['nl'],
    enRate: 0.85,
    pools: [['dutch', 88], ['turkish', 4], ['indonesian', 3], ['anglo', 5]],
    cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Den Haag', 'Eindhoven', 'Groningen', 'Haarlem', 'Maastricht'],
  },
  {
    code: 'SE',
    weight: 2,
    langs: ['sv'],
    enRate: 0.85,
    pools: [['nordic', 88], ['turkish', 4], ['polish', 3], ['anglo', 5]],
    cities: ['Stockholm', 'Göteborg', 'Malmö', 'Uppsala', 'Västerås', 'Örebro', 'Linköping'],
  },
  {
    code: 'DK',
    weight: 1,
    langs: ['da'],
    enRate: 0.85,
    pools: [['nordic', 92], ['german', 4], ['anglo', 4]],
    cities: ['København', 'Aarhus', 'Odense', 'Aalborg'],
  },
  {
    code: 'NO',
    weight: 1,
    langs: ['no'],
    enRate: 0.85,
    pools: [['nordic', 92], ['polish', 4], ['anglo', 4]],
    cities: ['Oslo', 'Bergen', 'Trondheim', 'Stavanger', 'Tromsø'],
  },
  {
    code: 'CA',
    weight: 4,
    langs: ['en'],
    enRate: 1,
    pools: [['anglo', 62], ['french', 16], ['indian', 8], ['korean', 3], ['filipino', 4], ['italian', 3], ['japanese', 2], ['nigerian', 2]],
    cities: ['Toronto', 'Vancouver', ['Montréal', ['fr', 'en']], 'Calgary', 'Ottawa', ['Québec', ['fr']], 'Edmonton', 'Winnipeg', 'Halifax'],
  },
  {
    code: 'AU',
    weight: 3,
    langs: ['en'],
    enRate: 1,
    pools: [['anglo', 78], ['italian', 4], ['indian', 6], ['korean', 3], ['filipino', 3], ['indonesian', 3], ['japanese', 3]],
    cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth', 'Adelaide', 'Gold Coast', 'Hobart', 'Canberra'],
  },
  {
    code: 'NG',
    weight: 3,
    langs: ['en'],
    enRate: 1,
    pools: [['nigerian', 100]],
    cities: [['Lagos', ['en', 'yo']], ['Abuja', ['en', 'ha']], ['Ibadan', ['en', 'yo']], ['Port Harcourt', ['en', 'ig']], ['Kano', ['ha', 'en']], ['Enugu', ['en', 'ig']]],
  },
  {
    code: 'KR',
    weight: 3,
    langs: ['ko'],
    enRate: 0.35,
    pools: [['korean', 100]],
    cities: ['Seoul', 'Busan', 'Incheon', 'Daegu', 'Daejeon', 'Gwangju'],
  },
  {
    code: 'PL',
    weight: 2,
    langs: ['pl'],
    enRate: 0.6,
    pools: [['polish', 100]],
    cities: ['Warszawa', 'Kraków', 'Wrocław', 'Gdańsk', 'Poznań', 'Łódź'],
  },
  {
    code: 'AR',
    weight: 2,
    langs: ['es'],
    enRate: 0.35,
    pools: [['latam', 82], ['italian', 12], ['spanish', 6]],
    cities: ['Buenos Aires', 'Córdoba', 'Rosario', 'Mendoza', 'Mar del Plata', 'Salta'],
  },
  {
    code: 'CO',
    weight: 2,
    langs: ['es'],
    enRate: 0.3,
    pools: [['latam', 96], ['spanish', 4]],
    cities: ['Bogotá', 'Medellín', 'Cali', 'Cartagena', 'Barranquilla'],
  },
  {
    code: 'PT',
    weight: 1,
    langs: ['pt'],
    enRate: 0.55,
    pools: [['portuguese', 94], ['anglo', 3], ['french', 3]],
    cities: ['Lisboa', 'Porto', 'Braga', 'Coimbra', 'Faro'],
  },
  {
    code: 'CH',
    weight: 1,
    langs: ['de'],
    enRate: 0.6,
    extra: ['fr', 0.2],
    pools: [['german', 60], ['french', 22], ['italian', 12], ['portuguese', 6]],
    cities: ['Zürich', ['Genève', ['fr']], 'Basel', 'Bern', ['Lausanne', ['fr']], ['Lugano', ['it']]],
  },
  {
    code: 'AT',
    weight: 1,
    langs: ['de'],
    enRate: 0.55,
    pools: [['german', 88], ['turkish', 6], ['polish', 6]],
    cities: ['Wien', 'Graz', 'Salzburg', 'Innsbruck', 'Linz'],
  },
  {
    code: 'BE',
    weight: 1,
    langs: ['nl'],
    enRate: 0.6,
    pools: [['dutch', 50], ['french', 45], ['turkish', 5]],
    cities: [['Bruxelles', ['fr', 'nl']], 'Antwerpen', 'Gent', ['Liège', ['fr']], 'Brugge', ['Namur', ['fr']]],
  },
  {
    code: 'IE',
    weight: 1,
    langs: ['en'],
    enRate: 1,
    extra: ['ga', 0.08],
    pools: [['anglo', 88], ['polish', 6], ['portuguese', 6]],
    cities: ['Dublin', 'Cork', 'Galway', 'Limerick'],
  },
  {
    code: 'TR',
    weight: 2,
    langs: ['tr'],
    enRate: 0.35,
    pools: [['turkish', 100]],
    cities: ['İstanbul', 'Ankara', 'İzmir', 'Antalya', 'Bursa'],
  },
  {
    code: 'ZA',
    weight: 1.5,
    langs: ['en'],
    enRate: 1,
    extra: ['zu', 0.2],
    pools: [['southern_african', 80], ['anglo', 12], ['indian', 8]],
    cities: ['Cape Town', 'Johannesburg', 'Durban', 'Pretoria', 'Bloemfontein'],
  },
  {
    code: 'PH',
    weight: 2,
    langs: ['tl', 'en'],
    enRate: 1,
    pools: [['filipino', 100]],
    cities: ['Manila', 'Quezon City', 'Cebu City', 'Davao City', 'Makati'],
  },
  {
    code: 'ID',
    weight: 2,
    langs: ['id'],
    enRate: 0.35,
    pools: [['indonesian', 100]],
    cities: ['Jakarta', 'Surabaya', 'Bandung', 'Denpasar', 'Yogyakarta', 'Medan'],
  },
];

interface CityDef {
  name: string;
  langs: string[];
}

interface CountryRuntime {
  def: CountryDef;
  cities: CityDef[];
  pools: Weighted<PoolKey>;
}

const COUNTRY_RUNTIME: CountryRuntime[] = COUNTRIES.map((def) => ({
  def,
  cities: def.cities.map((c) => (typeof c === 'string' ? { name: c, langs: def.langs } : { name: c[0], langs: c[1] })),
  pools: new Weighted(
    def.pools.map((p) => p[0]),
    def.pools.map((p) => p[1]),
  ),
}));

const COUNTRY_PICKER = new Weighted(
  COUNTRY_RUNTIME,
  COUNTRY_RUNTIME.map((c) => c.def.weight),
);

/** The cities the generator uses, by ISO 3166-1 alpha-2 country code (for tests and tooling). */
export const DEMO_CITIES: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.fromEntries(COUNTRY_RUNTIME.map((c) => [c.def.code, Object.freeze(c.cities.map((city) => city.name))])),
);

// ---------------------------------------------------------------------------------------------
// Topics

interface GroupRuntime {
  slug: string;
  children: { slug: string; phrase: string }[];
  roles: string[];
  handleWords: string[];
  /** Weights by PLATFORM_LIST index. */
  platformWeights: number[];
  /** The same, restricted to platforms where a profile can be private. */
  privatePlatformWeights: number[];
}

const GROUP_FLAVOUR: Record<string, { weight: number; roles: string[]; handleWords: string[] }> = {
  beauty: { weight: 12, roles: ['beauty creator', 'makeup artist', 'skincare nerd'], handleWords: ['beauty', 'glow', 'glam'] },
  fashion: { weight: 12, roles: ['stylist', 'fashion creator', 'style blogger'], handleWords: ['style', 'wears', 'closet'] },
  fitness: { weight: 12, roles: ['coach', 'fitness creator', 'wellness writer'], handleWords: ['fit', 'moves', 'strong'] },
  food: { weight: 12, roles: ['home cook', 'food writer', 'recipe developer'], handleWords: ['eats', 'cooks', 'kitchen', 'bakes'] },
  travel: { weight: 10, roles: ['travel creator', 'explorer', 'travel photographer'], handleWords: ['travels', 'wanders', 'abroad'] },
  tech: { weight: 7, roles: ['tech reviewer', 'developer', 'science communicator'], handleWords: ['tech', 'codes', 'explains'] },
  gaming: { weight: 7, roles: ['streamer', 'gamer', 'game reviewer'], handleWords: ['plays', 'gg', 'games'] },
  family: { weight: 6, roles: ['parent', 'family vlogger', 'parenting writer'], handleWords: ['family', 'home', 'kids'] },
  finance: { weight: 4, roles: ['money coach', 'investor', 'founder'], handleWords: ['money', 'invests', 'finance'] },
  home: { weight: 6, roles: ['interior lover', 'maker', 'plant parent'], handleWords: ['home', 'nest', 'grows'] },
  entertainment: { weight: 7, roles: ['music lover', 'film critic', 'bookworm'], handleWords: ['music', 'beats', 'reads'] },
  sports: { weight: 6, roles: ['athlete', 'sports fan', 'amateur athlete'], handleWords: ['sports', 'rides', 'goals'] },
  sustainability: { weight: 4, roles: ['eco creator', 'sustainability advocate', 'climate optimist'], handleWords: ['green', 'eco', 'lowwaste'] },
  art: { weight: 5, roles: ['artist', 'illustrator', 'designer'], handleWords: ['draws', 'art', 'studio', 'makes'] },
};

const PLATFORM_LIST: Platform[] = ['INSTAGRAM', 'TIKTOK', 'YOUTUBE', 'X', 'TWITCH', 'LINKEDIN', 'PINTEREST', 'BLOG'];
const BASE_PLATFORM_WEIGHTS: Record<Platform, number> = {
  INSTAGRAM: 10,
  TIKTOK: 7,
  YOUTUBE: 5,
  X: 3,
  TWITCH: 0.6,
  LINKEDIN: 1,
  PINTEREST: 1.5,
  BLOG: 1.2,
};
const PLATFORM_BOOSTS: Record<string, Partial<Record<Platform, number>>> = {
  gaming: { TWITCH: 9, YOUTUBE: 4, X: 1 },
  tech: { LINKEDIN: 3, X: 2, YOUTUBE: 3, BLOG: 1 },
  finance: { LINKEDIN: 6, X: 3, YOUTUBE: 2, BLOG: 1 },
  home: { PINTEREST: 4, BLOG: 1 },
  food: { PINTEREST: 2.5, BLOG: 2, YOUTUBE: 1 },
  fashion: { PINTEREST: 3 },
  art: { PINTEREST: 2.5 },
  travel: { BLOG: 2, YOUTUBE: 2 },
  family: { BLOG: 1.5, PINTEREST: 1 },
  entertainment: { YOUTUBE: 2, X: 1 },
  sports: { X: 1.5, YOUTUBE: 1 },
};
/** Platforms where a profile can be private. */
const PRIVATE_CAPABLE: Platform[] = ['INSTAGRAM', 'TIKTOK', 'X'];

const TOPIC_GROUPS: GroupRuntime[] = TAXONOMY.filter((t) => t.parent === null).map((g) => {
  const flavour = GROUP_FLAVOUR[g.slug] ?? { weight: 3, roles: ['creator'], handleWords: ['daily'] };
  const boosts = PLATFORM_BOOSTS[g.slug] ?? {};
  return {
    slug: g.slug,
    children: TAXONOMY.filter((t) => t.parent === g.slug).map((t) => ({ slug: t.slug, phrase: inSentence(t.name) })),
    roles: flavour.roles,
    handleWords: flavour.handleWords,
    platformWeights: PLATFORM_LIST.map((p) => BASE_PLATFORM_WEIGHTS[p] + (boosts[p] ?? 0)),
    privatePlatformWeights: PLATFORM_LIST.map((p) => (PRIVATE_CAPABLE.includes(p) ? BASE_PLATFORM_WEIGHTS[p] + (boosts[p] ?? 0) : 0)),
  };
}).filter((g) => g.children.length > 0);

const GROUP_PICKER = new Weighted(
  TOPIC_GROUPS,
  TOPIC_GROUPS.map((g) => GROUP_FLAVOUR[g.slug]?.weight ?? 3),
);

const TOPIC_COUNT = new Weighted([1, 2, 3, 4], [20, 35, 30, 15]);
const ACCOUNT_COUNT = new Weighted([1, 2, 3, 4], [35, 35, 20, 10]);

// ---------------------------------------------------------------------------------------------
// Bios

const SECOND_SENTENCES: string[] = [
  'Café au lait enthusiast and eternal optimist.',
  'Always chasing the perfect crème brûlée.',
  'Slow mornings, big ideas.',
  'Powered by coffee and curiosity.',
  'Tips, tutorials and the occasional fail.',
  'New posts every Sunday.',
  'Naïve optimist, stubborn learner.',
  'Déjà vu is my favourite genre.',
  'Opinions are my own, recommendations are honest.',
  'Here for the community, not the algorithm.',
  'Bilingual captions, zero jargon.',
  'Joie de vivre, one post at a time.',
  'Piña colada on Fridays, spreadsheets on Mondays.',
  'Learning in public since day one.',
  'Proof that small accounts tell big stories.',
  'Currently obsessed with jalapeño everything.',
];

function buildBio(rng: Rng, city: string, group: GroupRuntime, phrases: string[]): string {
  const role = rng.pick(group.roles);
  const topics = listPhrase(phrases);
  let first: string;
  switch (rng.int(0, 5)) {
    case 0:
      first = `${capitalise(role)} based in ${city}, sharing ${topics}.`;
      break;
    case 1:
      first = `${city}-based ${role} talking about ${topics}.`;
      break;
    case 2:
      first = `I post about ${topics} from ${city}.`;
      break;
    case 3:
      first = `${capitalise(topics)}: honest takes from a ${role} in ${city}.`;
      break;
    case 4:
      first = `Your friendly ${role} for all things ${topics}.`;
      break;
    default:
      first = `Sharing my love of ${topics}, one post at a time.`;
      break;
  }
  return rng.chance(0.55) ? `${first} ${rng.pick(SECOND_SENTENCES)}` : first;
}

// ---------------------------------------------------------------------------------------------
// Accounts

const MIN_FOLLOWERS = 1_000;
const MAX_FOLLOWERS = 20_000_000;
const PARETO_ALPHA = 1.0;
const PARETO_TAIL = 1 - pow(MIN_FOLLOWERS / MAX_FOLLOWERS, PARETO_ALPHA);

/** Bounded Pareto between MIN_FOLLOWERS and MAX_FOLLOWERS: median ~2k, ~2% above 50k, ~0.1% above 1M. */
function paretoFollowers(rng: Rng): number {
  const u = rng.next();
  return MIN_FOLLOWERS * pow(1 - u * PARETO_TAIL, -1 / PARETO_ALPHA);
}

/** Engagement falls with audience size: ~6% at 1k, ~2% at 100k, ~0.6% at 10M, with log-normal noise. */
function engagementFor(rng: Rng, followers: number): number {
  const baseline = 0.06 * pow(max(followers, 100) / 1000, -0.25);
  const er = baseline * exp(rng.normal() * 0.35);
  return round(min(0.12, max(0.005, er)) * 10_000) / 10_000;
}

function urlFor(platform: Platform, handle: string): string {
  switch (platform) {
    case 'INSTAGRAM':
      return `https://www.instagram.com/${handle}`;
    case 'TIKTOK':
      return `https://www.tiktok.com/@${handle}`;
    case 'YOUTUBE':
      return `https://www.youtube.com/@${handle}`;
    case 'X':
      return `https://x.com/${handle}`;
    case 'TWITCH':
      return `https://www.twitch.tv/${handle}`;
    case 'LINKEDIN':
      return `https://www.linkedin.com/in/${handle.replace(/_/g, '-')}`;
    case 'PINTEREST':
      return `https://www.pinterest.com/${handle}/`;
    case 'BLOG':
      return `https://${handle.replace(/_/g, '')}.wordpress.com`;
  }
}

/** Up to `count` distinct platforms, drawn by weight without replacement (zero weight = never). */
function pickPlatforms(rng: Rng, weights: readonly number[], count: number): Platform[] {
  const w = weights.slice();
  let available = 0;
  for (const x of w) if (x > 0) available++;
  const n = min(count, available);
  const chosen: Platform[] = [];
  while (chosen.length < n) {
    let total = 0;
    for (const x of w) total += x;
    let r = rng.next() * total;
    let idx = 0;
    while (idx < w.length - 1 && (r >= w[idx] || w[idx] === 0)) {
      r -= w[idx];
      idx++;
    }
    if (w[idx] === 0) idx = w.reduce((last, x, j) => (x > 0 ? j : last), 0); // float rounding at the end
    chosen.push(PLATFORM_LIST[idx]);
    w[idx] = 0;
  }
  return chosen;
}

// ---------------------------------------------------------------------------------------------
// Handles

const HANDLE_MAX = 15; // X's limit, the strictest of the platforms
const HANDLE_MIN = 4;

const HANDLE_STYLES = 8;

function handleStyle(style: number, f: string, l: string, word: string): string {
  switch (style) {
    case 0:
      return f + l;
    case 1:
      return `${f}_${l}`;
    case 2:
      return f + word;
    case 3:
      return f + l.charAt(0);
    case 4:
      return `the${f}${l}`;
    case 5:
      return `${l}_${f}`;
    case 6:
      return l + f;
    default:
      return `${f}_${word}`;
  }
}

function handleFor(rng: Rng, used: Set<string>, first: NamePart, last: NamePart, group: GroupRuntime): string {
  const f = first.compact;
  const l = last.compact;
  const word = rng.pick(group.handleWords);
  // Start at a random style so that the generation does not look uniform.
  const start = rng.int(0, HANDLE_STYLES - 1);
  const wantDigits = rng.chance(0.1);
  let base = '';
  for (let k = 0; k < HANDLE_STYLES; k++) {
    const c = handleStyle((start + k) % HANDLE_STYLES, f, l, word);
    if (c.length > HANDLE_MAX) continue; // never cut a name in the middle
    if (base === '') base = c;
    if (wantDigits) break;
    if (c.length >= HANDLE_MIN && !used.has(c)) {
      used.add(c);
      return c;
    }
  }
  // Fallback: append digits (as real people do) until the handle is free.
  if (base === '') base = `${f}${l.charAt(0)}`;
  let digits = 2;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 && attempt % 20 === 0 && digits < 6) digits++;
    const suffix = String(rng.int(pow(10, digits - 1), pow(10, digits) - 1));
    const c = base.slice(0, HANDLE_MAX - suffix.length) + suffix;
    if (c.length >= HANDLE_MIN && !used.has(c)) {
      used.add(c);
      return c;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_S = 86_400;

// Calendar arithmetic without Date objects (Howard Hinnant's days_from_civil / civil_from_days,
// proleptic Gregorian, UTC): a Date allocation + toISOString per timestamp was a noticeable part
// of the cost of 100k influencers.

/** Days since 1970-01-01 of a calendar date (month 1-12); out-of-range days roll over (Feb 29 -> Mar 1). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = floor((153 * mp + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy - 719468;
}

/** Calendar date [year, month 1-12, day] of a day number since 1970-01-01. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
  const mp = floor((5 * doy + 2) / 153);
  const d = doy - floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** YYYY-MM-DD (years 1000-9999). */
function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Same format as Date#toISOString for a whole number of seconds since the epoch. */
function isoTimestamp(epochS: number): string {
  const days = floor(epochS / DAY_S);
  const [y, m, d] = civilFromDays(days);
  let rest = epochS - days * DAY_S;
  const hh = floor(rest / 3600);
  rest -= hh * 3600;
  const mm = floor(rest / 60);
  return `${isoDate(y, m, d)}T${pad2(hh)}:${pad2(mm)}:${pad2(rest - mm * 60)}.000Z`;
}

// ---------------------------------------------------------------------------------------------
// The generator

function validate(opts: DemoOptions): void {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new RangeError(`count must be a non-negative integer, got ${opts.count}`);
  if (!Number.isFinite(opts.seed)) throw new RangeError(`seed must be a finite number, got ${opts.seed}`);
  if (typeof (opts.now as Date | undefined)?.getTime !== 'function' || Number.isNaN(opts.now.getTime())) throw new RangeError('now must be a valid Date');
  if (!Number.isInteger(opts.minAge) || opts.minAge < 13 || opts.minAge > 60) throw new RangeError(`minAge must be an integer in [13, 60], got ${opts.minAge}`);
  if (!Number.isInteger(opts.consentTtlDays) || opts.consentTtlDays < 2) {
    throw new RangeError(`consentTtlDays must be an integer >= 2, got ${opts.consentTtlDays}`);
  }
}

export function generateDemoInfluencers(opts: DemoOptions): DemoInfluencer[] {
  validate(opts);
  const rng = new Rng(opts.seed);
  const { minAge, consentTtlDays: ttl } = opts;

  // Consent timestamps are whole seconds; offsets below are in seconds before `nowS`.
  const nowS = floor(opts.now.getTime() / 1000);
  const nowY = opts.now.getUTCFullYear();
  const nowM = opts.now.getUTCMonth() + 1;
  const nowD = opts.now.getUTCDate();

  const adultMin = max(minAge, 18);
  const adultMax = max(65, adultMin + 5);
  const minorMin = max(minAge - 4, 10);
  const minorMax = minAge - 1;

  /** A birth date at which the age (in whole years, UTC) at `now` is exactly `age`, and never Feb 29. */
  const birthDateFor = (age: number): string => {
    // `age` years before today (Feb 29 rolls to Mar 1), then 1-360 days earlier: the age-th
    // birthday has passed (at least a day ago), the next one has not.
    let days = daysFromCivil(nowY - age, nowM, nowD) - rng.int(1, 360);
    let [y, m, d] = civilFromDays(days);
    if (m === 2 && d === 29) [y, m, d] = civilFromDays(--days); // one day older keeps the same age
    return isoDate(y, m, d);
  };
  const at = (offsetS: number): string => isoTimestamp(nowS - offsetS);
  /** Seconds before now of a DISCOVERY grant that is still current: within the last (ttl - 1) days. */
  const currentGrantOffset = (): number => rng.int(60, (ttl - 1) * DAY_S - 60);

  const used = new Set<string>();
  const out: DemoInfluencer[] = new Array(opts.count);

  for (let i = 0; i < opts.count; i++) {
    // --- state: ~85% listable, ~2.5% each of the six non-listable states
    const r = rng.next();
    const state: DemoState = r < 0.85 ? 'LISTABLE' : DEMO_STATES[1 + min(5, floor((r - 0.85) / 0.025))];

    // --- place and name
    const country = COUNTRY_PICKER.pick(rng);
    const city = rng.pick(country.cities);
    const poolKey = rng.chance(0.05) ? rng.pick(ALL_POOLS) : country.pools.pick(rng);
    const pool = NAME_POOLS[poolKey];
    const first = rng.pick(pool.first);
    const last = rng.pick(pool.last);
    const displayName = rng.chance(0.08) ? `${first.display} ${last.display.charAt(0).toUpperCase()}.` : `${first.display} ${last.display}`;

    const languages = [...city.langs];
    if (!languages.includes('en') && rng.chance(country.def.enRate)) languages.push('en');
    const extra = country.def.extra;
    if (extra && !languages.includes(extra[0]) && rng.chance(extra[1])) languages.push(extra[0]);

    // --- age
    const age =
      state === 'MINOR'
        ? rng.int(minorMin, minorMax)
        : adultMin + floor((adultMax - adultMin + 1) * pow(rng.next(), 1.8)); // skewed young
    const birthDate = birthDateFor(age);

    // --- topics
    const group = GROUP_PICKER.pick(rng);
    const topicCount = TOPIC_COUNT.pick(rng);
    const chosen: { slug: string; phrase: string }[] = [];
    for (let guard = 0; chosen.length < topicCount && guard < 20; guard++) {
      const g = chosen.length === 0 || rng.chance(0.65) ? group : GROUP_PICKER.pick(rng);
      const t = rng.pick(g.children);
      if (!chosen.some((c) => c.slug === t.slug)) chosen.push(t);
    }
    let w = 0.6 + rng.next() * 0.4;
    const topics = chosen.map((t, k) => {
      if (k > 0) w = w * (0.45 + rng.next() * 0.5);
      return { slug: t.slug, weight: min(1, max(0.01, round(w * 100) / 100)) };
    });
    topics.sort((a, b) => b.weight - a.weight);

    // --- accounts
    const handle = handleFor(rng, used, first, last, group);
    const onlyPrivate = state === 'ONLY_PRIVATE';
    const platforms = onlyPrivate
      ? pickPlatforms(rng, group.privatePlatformWeights, rng.int(1, 2))
      : pickPlatforms(rng, group.platformWeights, ACCOUNT_COUNT.pick(rng));
    const scale = paretoFollowers(rng);
    const accounts: DemoAccount[] = platforms.map((platform, k) => {
      const canBePrivate = PRIVATE_CAPABLE.includes(platform);
      const isPrivate = onlyPrivate || (k > 0 && canBePrivate && rng.chance(state === 'MINOR' ? 0.4 : 0.08));
      let followers = k === 0 ? scale : scale * exp(rng.normal() * 0.9 - 0.9);
      if (isPrivate) followers = min(followers, 1_500 + rng.next() * 20_000);
      followers = round(min(MAX_FOLLOWERS, max(30, followers)));
      return { platform, handle, url: urlFor(platform, handle), followers, engagementRate: engagementFor(rng, followers), isPrivate };
    });

    // --- consents, built as (offset seconds before now) then sorted chronologically
    const events: { purpose: 'DISCOVERY' | 'CONTACT'; action: 'GRANT' | 'WITHDRAW'; offset: number }[] = [];
    switch (state) {
      case 'LISTABLE':
      case 'ONLY_PRIVATE':
      case 'SUSPENDED': {
        const grant = currentGrantOffset();
        if (rng.chance(0.08)) {
          // An earlier grant that was withdrawn, before the current re-grant.
          const oldGrant = grant + rng.int(2 * DAY_S, 400 * DAY_S);
          const oldWithdraw = rng.int(grant + 60, oldGrant - 60);
          events.push({ purpose: 'DISCOVERY', action: 'GRANT', offset: oldGrant });
          events.push({ purpose: 'DISCOVERY', action: 'WITHDRAW', offset: oldWithdraw });
        }
        events.push({ purpose: 'DISCOVERY', action: 'GRANT', offset: grant });
        const c = rng.next();
        if (c < 0.6) {
          const contact = rng.chance(0.5) ? grant : rng.int(60, grant);
          events.push({ purpose: 'CONTACT', action: 'GRANT', offset: contact });
        } else if (c < 0.65 && grant >= 180) {
          // Granted CONTACT, then changed their mind (still discoverable).
          const contact = rng.int(120, grant);
          events.push({ purpose: 'CONTACT', action: 'GRANT', offset: contact });
          events.push({ purpose: 'CONTACT', action: 'WITHDRAW', offset: rng.int(60, contact - 60) });
        }
        break;
      }
      case 'WITHDRAWN': {
        const grant = rng.int(2 * 3600, (ttl - 1) * DAY_S - 60);
        const withdraw = rng.int(60, grant - 60);
        const withContact = rng.chance(0.4);
        events.push({ purpose: 'DISCOVERY', action: 'GRANT', offset: grant });
        if (withContact) events.push({ purpose: 'CONTACT', action: 'GRANT', offset: grant });
        events.push({ purpose: 'DISCOVERY', action: 'WITHDRAW', offset: withdraw });
        if (withContact) events.push({ purpose: 'CONTACT', action: 'WITHDRAW', offset: withdraw });
        break;
      }
      case 'EXPIRED': {
        const grant = (ttl + 1) * DAY_S + rng.int(60, 540 * DAY_S);
        events.push({ purpose: 'DISCOVERY', action: 'GRANT', offset: grant });
        if (rng.chance(0.5)) events.push({ purpose: 'CONTACT', action: 'GRANT', offset: grant - rng.int(0, 3600) });
        break;
      }
      case 'NO_CONSENT':
      case 'MINOR':
        break;
    }
    // Larger offset = earlier; stable sort keeps the construction order for equal instants.
    events.sort((a, b) => b.offset - a.offset);
    const consents: DemoConsentEvent[] = events.map((e) => ({ purpose: e.purpose, action: e.action, at: at(e.offset) }));

    out[i] = {
      email: `${first.kebab}-${last.kebab}.${i}@demo.permission.test`,
      displayName,
      bio: buildBio(
        rng,
        city.name,
        group,
        chosen.map((t) => t.phrase),
      ),
      birthDate,
      country: country.def.code,
      city: city.name,
      languages,
      status: state === 'SUSPENDED' ? 'suspended' : 'active',
      topics,
      accounts,
      consents,
      state,
    };
  }
  return out;
}
