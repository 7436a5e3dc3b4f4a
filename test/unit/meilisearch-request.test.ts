import {
  buildFilter,
  buildSearchParams,
  buildSort,
  escapeFilterValue,
  formatFilterNumber,
  MEILI_MAX_TOTAL_HITS,
  MEILI_PRIMARY_KEY,
  MEILI_SETTINGS,
  type MeiliSearchResult,
  pageWindow,
  toMeiliDocument,
  toSearchResponse,
} from '../../src/search/meilisearch.request';
import type { SearchDocument, SearchFilter, SearchRequest } from '../../src/search/search-engine';

// ---------------------------------------------------------------------------------------------
// A small model of Meilisearch's filter lexer (crates/filter-parser/src/value.rs): a double-quoted
// value ends at the first `"` not preceded by an escaping `\` (each `\` skips the next character);
// its content then has `\"` replaced by `"` (quoted_by/unescape), and then Rust-style escapes are
// decoded (the `unescaper` crate: `\\` -> `\`, `\n`, ...). Escapes the model does not know make it
// throw, so an unexpected escape in our output fails the test instead of passing silently.
// ---------------------------------------------------------------------------------------------

interface QuotedLiteral {
  value: string;
  /** Index just after the closing quote. */
  end: number;
}

function decodeRustEscapes(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[i + 1];
    i++;
    switch (next) {
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case "'":
        out += "'";
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case '0':
        out += '\0';
        break;
      default:
        throw new Error(`escape \\${String(next)} not modelled (would be interpreted by Meilisearch)`);
    }
  }
  return out;
}

function readQuotedLiteral(input: string, start: number): QuotedLiteral {
  if (input[start] !== '"') throw new Error(`no opening quote at ${start}`);
  let i = start + 1;
  while (i < input.length) {
    const c = input[i];
    if (c === '"') {
      const raw = input.slice(start + 1, i);
      return { value: decodeRustEscapes(raw.split('\\"').join('"')), end: i + 1 };
    }
    if (c === '\\') {
      if (i + 1 >= input.length) throw new Error('dangling backslash');
      i += 2;
      continue;
    }
    i++;
  }
  throw new Error('missing closing quote');
}

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'punct'; text: string }
  | { kind: 'string'; text: string };

/** Splits a filter expression into Meilisearch-level tokens. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      const literal = readQuotedLiteral(input, i);
      tokens.push({ kind: 'string', text: literal.value });
      i = literal.end;
    } else if (c === '!' || c === '<' || c === '>' || c === '=') {
      const two = input.slice(i, i + 2);
      const op = two === '!=' || two === '<=' || two === '>=' ? two : c;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else if ('[](),'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && /[\p{L}\p{N}_.\-:]/u.test(input[j])) j++;
      if (j === i) throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
      tokens.push({ kind: 'word', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

const NASTY_VALUES: readonly string[] = [
  '',
  'plain',
  '"',
  '""',
  '\\',
  '\\\\',
  'ends with backslash\\',
  '\\"',
  '\\\\"',
  'a\\"b',
  '" OR id EXISTS',
  'x" OR "1" = "1',
  'x\\" OR "1" = "1',
  '" OR contactable = true OR country = "',
  'fr) OR (id EXISTS',
  'NOT x',
  'a AND b',
  '1 TO 9',
  'IN [a, b]',
  '[a, b]',
  '[',
  ']',
  'a,b,c',
  'a != b',
  'a > b',
  'line1\nline2',
  'carriage\r\ttab',
  'literal backslash-n \\n and \\u{41} and \\x41',
  "single 'quotes'",
  '\0nul',
  'émoji 🦀 日本',
];

const FIXED_NOW = '2024-05-06T07:08:09.123Z';

function doc(overrides: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id: 'inf_1',
    displayName: 'Ada Lovelace',
    bio: 'Numbers & poetry',
    country: 'GB',
    city: 'London',
    languages: ['en'],
    topics: [{ slug: 'math', name: 'Math', weight: 1 }],
    topicSlugs: ['science', 'math'],
    topicWeights: { science: 1, math: 1 },
    topicNames: ['Science', 'Math'],
    platforms: ['YOUTUBE'],
    handles: ['@ada'],
    accounts: [{
      platform: 'YOUTUBE', handle: '@ada', url: null, followers: 1200, engagementRate: 0.04,
      verified: true, verificationMethod: 'OAUTH', verifiedAt: FIXED_NOW, followersSource: 'PLATFORM', followersUpdatedAt: FIXED_NOW,
    }],
    totalFollowers: 1200,
    engagementRate: 0.04,
    contactable: true,
    verified: true,
    updatedAt: FIXED_NOW,
    ...overrides,
  };
}

function request(overrides: Partial<SearchRequest> = {}): SearchRequest {
  return { text: null, filter: {}, sort: 'RELEVANCE', offset: 0, limit: 20, facets: false, ...overrides };
}

describe('MEILI_SETTINGS', () => {
  it('ranks searchable attributes as displayName, topicNames, handles, bio', () => {
    expect(MEILI_SETTINGS.searchableAttributes).toEqual(['displayName', 'topicNames', 'handles', 'bio']);
  });

  it('makes every filtered attribute filterable', () => {
    expect([...(MEILI_SETTINGS.filterableAttributes ?? [])].sort()).toEqual(
      ['contactable', 'country', 'engagementRate', 'id', 'languages', 'platforms', 'topicSlugs', 'totalFollowers', 'verified'].sort(),
    );
  });

  it('makes every sort field and the id tie-breaker sortable, and sorts on updatedAtMs (not the ISO string)', () => {
    const sortable = MEILI_SETTINGS.sortableAttributes ?? [];
    expect(sortable).toEqual(expect.arrayContaining(['totalFollowers', 'engagementRate', 'updatedAtMs', 'id']));
    expect(sortable).not.toContain('updatedAt');
    for (const sort of ['FOLLOWERS', 'ENGAGEMENT', 'RECENTLY_UPDATED'] as const) {
      for (const clause of buildSort(sort) ?? []) {
        expect(sortable).toContain(clause.split(':')[0]);
      }
    }
  });

  it('has the primary key displayed, typo tolerance on, and facets/pagination sized', () => {
    expect(MEILI_PRIMARY_KEY).toBe('id');
    expect(MEILI_SETTINGS.displayedAttributes).toEqual(['id']);
    expect(MEILI_SETTINGS.typoTolerance).toEqual(expect.objectContaining({ enabled: true }));
    expect(MEILI_SETTINGS.faceting?.maxValuesPerFacet).toBeGreaterThanOrEqual(100);
    expect(MEILI_SETTINGS.faceting?.sortFacetValuesBy).toEqual({ '*': 'count' });
    expect(MEILI_SETTINGS.pagination?.maxTotalHits).toBe(MEILI_MAX_TOTAL_HITS);
  });

  it('has the built-in ranking rules, sort first and an id tie-breaker last', () => {
    const rules = MEILI_SETTINGS.rankingRules ?? [];
    expect(rules).toEqual(expect.arrayContaining(['words', 'typo', 'proximity', 'attribute', 'exactness', 'sort']));
    expect(rules[0]).toBe('sort');
    expect(rules[rules.length - 1]).toBe('id:asc');
  });

  it('filters and facets only on filterable attributes', () => {
    const filterable = new Set((MEILI_SETTINGS.filterableAttributes ?? []).map(String));
    const params = buildSearchParams(
      request({
        facets: true,
        filter: {
          topics: ['a'],
          platforms: ['X'],
          countries: ['FR'],
          languages: ['fr'],
          minFollowers: 1,
          maxFollowers: 2,
          minEngagementRate: 0.1,
          contactableOnly: true,
        },
      }),
    );
    for (const facet of params.facets ?? []) expect(filterable.has(facet)).toBe(true);
    for (const group of buildFilter({
      topics: ['a'],
      platforms: ['X'],
      countries: ['FR'],
      languages: ['fr'],
      minFollowers: 1,
      maxFollowers: 2,
      minEngagementRate: 0.1,
      contactableOnly: true,
    })) {
      for (const clause of group) {
        const first = tokenize(clause)[0];
        expect(first.kind).toBe('word');
        expect(filterable.has(first.text)).toBe(true);
      }
    }
  });
});

describe('toMeiliDocument', () => {
  it('adds updatedAtMs as epoch milliseconds and keeps the indexed fields', () => {
    const stored = toMeiliDocument(doc());
    expect(stored.updatedAtMs).toBe(Date.UTC(2024, 4, 6, 7, 8, 9, 123));
    expect(stored).toEqual(
      expect.objectContaining({
        id: 'inf_1',
        displayName: 'Ada Lovelace',
        bio: 'Numbers & poetry',
        topicNames: ['Science', 'Math'],
        handles: ['@ada'],
        topicSlugs: ['science', 'math'],
        platforms: ['YOUTUBE'],
        country: 'GB',
        languages: ['en'],
        totalFollowers: 1200,
        engagementRate: 0.04,
        contactable: true,
        verified: true,
        updatedAt: FIXED_NOW,
      }),
    );
  });

  it('stores every attribute the settings search, filter or sort on', () => {
    const stored = toMeiliDocument(doc());
    const needed = new Set<string>([
      ...(MEILI_SETTINGS.searchableAttributes ?? []),
      ...(MEILI_SETTINGS.filterableAttributes ?? []).map(String),
      ...(MEILI_SETTINGS.sortableAttributes ?? []),
    ]);
    for (const attribute of needed) expect(Object.keys(stored)).toContain(attribute);
  });

  it('does not copy arrays by reference', () => {
    const source = doc();
    const stored = toMeiliDocument(source);
    source.topicSlugs.push('mutated');
    expect(stored.topicSlugs).toEqual(['science', 'math']);
  });

  it('rejects an unparsable updatedAt, a non-finite number and an id Meilisearch would refuse', () => {
    expect(() => toMeiliDocument(doc({ updatedAt: 'yesterday' }))).toThrow(/updatedAt/);
    expect(() => toMeiliDocument(doc({ totalFollowers: Number.NaN }))).toThrow(/totalFollowers/);
    expect(() => toMeiliDocument(doc({ engagementRate: Number.POSITIVE_INFINITY }))).toThrow(/engagementRate/);
    expect(() => toMeiliDocument(doc({ id: 'has space' }))).toThrow(/document id/);
    expect(() => toMeiliDocument(doc({ id: '' }))).toThrow(/document id/);
    expect(toMeiliDocument(doc({ id: '3f1c-AB_9' })).id).toBe('3f1c-AB_9');
  });
});

describe('escapeFilterValue', () => {
  it('double-quotes and escapes backslashes and double quotes', () => {
    expect(escapeFilterValue('plain')).toBe('"plain"');
    expect(escapeFilterValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(escapeFilterValue('a\\b')).toBe('"a\\\\b"');
    expect(escapeFilterValue('\\"')).toBe('"\\\\\\""');
    expect(escapeFilterValue('')).toBe('""');
  });

  it('leaves other characters as they are', () => {
    expect(escapeFilterValue('line1\nline2 [a, b] OR x = y')).toBe('"line1\nline2 [a, b] OR x = y"');
  });

  it.each(NASTY_VALUES.map((value) => [JSON.stringify(value), value]))(
    'parses %s back to the same string, the literal ending exactly at its closing quote',
    (_label: string, value: string) => {
      const escaped = escapeFilterValue(value);
      const literal = readQuotedLiteral(escaped, 0);
      expect(literal.value).toBe(value);
      expect(literal.end).toBe(escaped.length);

      const clause = `country = ${escaped} AND contactable = true`;
      const afterLiteral = readQuotedLiteral(clause, 'country = '.length);
      expect(afterLiteral.value).toBe(value);
      expect(clause.slice(afterLiteral.end)).toBe(' AND contactable = true');

      expect(tokenize(`country = ${escaped}`)).toEqual([
        { kind: 'word', text: 'country' },
        { kind: 'op', text: '=' },
        { kind: 'string', text: value },
      ]);
    },
  );

  it('round-trips random strings over quotes, backslashes and operator characters', () => {
    const alphabet = ['"', '\\', "'", ' ', 'O', 'R', 'A', 'N', 'D', '=', '!', '>', '<', '[', ']', ',', '(', ')', '\n', 'n', 'u', '{', '}', 'é'];
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let n = 0; n < 2000; n++) {
      const length = next() % 12;
      let value = '';
      for (let i = 0; i < length; i++) value += alphabet[next() % alphabet.length];
      const tokens = tokenize(`id = ${escapeFilterValue(value)}`);
      expect(tokens).toEqual([
        { kind: 'word', text: 'id' },
        { kind: 'op', text: '=' },
        { kind: 'string', text: value },
      ]);
    }
  });

  it('the lexer model does catch an injection through naive quoting (control for the tests above)', () => {
    const naive = `country = "${'x" OR "1" = "1'}"`;
    expect(tokenize(naive)).toHaveLength(7);
    expect(tokenize(naive)).toContainEqual({ kind: 'word', text: 'OR' });
    expect(() => readQuotedLiteral(`"${'ends\\'}"`, 0)).toThrow(/missing closing quote/);
  });

  it('rejects a non-string', () => {
    expect(() => escapeFilterValue(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('formatFilterNumber', () => {
  it('formats finite numbers', () => {
    expect(formatFilterNumber(1000)).toBe('1000');
    expect(formatFilterNumber(0.035)).toBe('0.035');
    expect(formatFilterNumber(-0)).toBe('0');
    expect(formatFilterNumber(-5)).toBe('-5');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects %p', (value: number) => {
    expect(() => formatFilterNumber(value)).toThrow(TypeError);
  });

  it('rejects a numeric string', () => {
    expect(() => formatFilterNumber('1 OR id EXISTS' as unknown as number)).toThrow(TypeError);
  });
});

describe('buildFilter', () => {
  it('returns no group for an empty filter, empty lists and contactableOnly false', () => {
    expect(buildFilter({})).toEqual([]);
    expect(buildFilter({ topics: [], platforms: [], countries: [], languages: [], contactableOnly: false })).toEqual([]);
  });

  it('ORs the topics within one group over topicSlugs', () => {
    expect(buildFilter({ topics: ['fitness', 'food'] })).toEqual([['topicSlugs = "fitness"', 'topicSlugs = "food"']]);
  });

  it('ORs platforms, countries and languages, each in its own group', () => {
    expect(buildFilter({ platforms: ['INSTAGRAM', 'TIKTOK'] })).toEqual([['platforms = "INSTAGRAM"', 'platforms = "TIKTOK"']]);
    expect(buildFilter({ countries: ['FR', 'BE'] })).toEqual([['country = "FR"', 'country = "BE"']]);
    expect(buildFilter({ languages: ['fr'] })).toEqual([['languages = "fr"']]);
  });

  it('removes duplicate values', () => {
    expect(buildFilter({ countries: ['FR', 'FR', 'BE'] })).toEqual([['country = "FR"', 'country = "BE"']]);
  });

  it('bounds totalFollowers and engagementRate', () => {
    expect(buildFilter({ minFollowers: 10000 })).toEqual([['totalFollowers >= 10000']]);
    expect(buildFilter({ maxFollowers: 500000 })).toEqual([['totalFollowers <= 500000']]);
    expect(buildFilter({ minFollowers: 0 })).toEqual([['totalFollowers >= 0']]);
    expect(buildFilter({ minEngagementRate: 0.025 })).toEqual([['engagementRate >= 0.025']]);
  });

  it('keeps only contactable documents with contactableOnly', () => {
    expect(buildFilter({ contactableOnly: true })).toEqual([['contactable = true']]);
  });

  it('keeps only documents with a verified account with verifiedOnly; false does not filter', () => {
    expect(buildFilter({ verifiedOnly: true })).toEqual([['verified = true']]);
    expect(buildFilter({ verifiedOnly: false })).toEqual([]);
    expect(buildFilter({ contactableOnly: true, verifiedOnly: true })).toEqual([['contactable = true'], ['verified = true']]);
  });

  it('ANDs every field (one group each, in a stable order)', () => {
    const filter: SearchFilter = {
      topics: ['food'],
      platforms: ['YOUTUBE', 'TWITCH'],
      countries: ['DE'],
      languages: ['de', 'en'],
      minFollowers: 1000,
      maxFollowers: 2000,
      minEngagementRate: 0.01,
      contactableOnly: true,
    };
    expect(buildFilter(filter)).toEqual([
      ['topicSlugs = "food"'],
      ['platforms = "YOUTUBE"', 'platforms = "TWITCH"'],
      ['country = "DE"'],
      ['languages = "de"', 'languages = "en"'],
      ['totalFollowers >= 1000'],
      ['totalFollowers <= 2000'],
      ['engagementRate >= 0.01'],
      ['contactable = true'],
    ]);
  });

  it('escapes hostile values so that each clause stays one comparison', () => {
    const hostile = 'x" OR "1" = "1';
    const groups = buildFilter({ topics: [hostile, '" OR id EXISTS'], countries: ['FR\\'] });
    expect(groups).toHaveLength(2);
    expect(groups[0]).toHaveLength(2);
    const values: string[] = [];
    for (const group of groups) {
      for (const clause of group) {
        const tokens = tokenize(clause);
        expect(tokens).toHaveLength(3);
        expect(tokens[1]).toEqual({ kind: 'op', text: '=' });
        expect(tokens[2].kind).toBe('string');
        values.push(tokens[2].text);
      }
    }
    expect(values).toEqual([hostile, '" OR id EXISTS', 'FR\\']);
  });

  it.each<[string, SearchFilter]>([
    ['minFollowers NaN', { minFollowers: Number.NaN }],
    ['maxFollowers Infinity', { maxFollowers: Number.POSITIVE_INFINITY }],
    ['minEngagementRate -Infinity', { minEngagementRate: Number.NEGATIVE_INFINITY }],
  ])('rejects %s', (_label: string, filter: SearchFilter) => {
    expect(() => buildFilter(filter)).toThrow(TypeError);
  });
});

describe('buildSort', () => {
  it.each([
    ['RELEVANCE', undefined],
    ['FOLLOWERS', ['totalFollowers:desc', 'id:asc']],
    ['ENGAGEMENT', ['engagementRate:desc', 'id:asc']],
    ['RECENTLY_UPDATED', ['updatedAtMs:desc', 'id:asc']],
  ] as const)('%s', (sort, expected) => {
    expect(buildSort(sort)).toEqual(expected);
    expect(buildSearchParams(request({ sort, text: 'yoga' })).sort).toEqual(expected);
  });

  it('RELEVANCE without text and with topics orders by the weight for each topic, then followers', () => {
    expect(buildSort('RELEVANCE', false, ['yoga', 'vegan-cooking'])).toEqual([
      'topicWeights.yoga:desc', 'topicWeights.vegan_cooking:desc', 'totalFollowers:desc', 'id:asc',
    ]);
    expect(buildSearchParams(request({ filter: { topics: ['fitness'] } })).sort).toEqual(['topicWeights.fitness:desc', 'totalFollowers:desc', 'id:asc']);
    // with text, text relevance decides; other sorts ignore topics
    expect(buildSearchParams(request({ text: 'yoga', filter: { topics: ['fitness'] } }))).not.toHaveProperty('sort');
    expect(buildSort('FOLLOWERS', false, ['yoga'])).toEqual(['totalFollowers:desc', 'id:asc']);
    expect(buildSort('RELEVANCE', false, ['a', 'b', 'c', 'd', 'e', 'f'])).toHaveLength(7);
    expect(() => buildSort('RELEVANCE', false, ['Not A Slug:asc'])).toThrow(TypeError);
  });

  it('stores topic weights under attribute-safe keys', () => {
    expect(toMeiliDocument(doc({ topicWeights: { 'vegan-cooking': 0.8, food: 0.8 } })).topicWeights).toEqual({ vegan_cooking: 0.8, food: 0.8 });
    expect(() => toMeiliDocument(doc({ topicWeights: { yoga: Number.NaN } }))).toThrow(/topic weight/);
  });

  it('RELEVANCE without text orders by followers, as the postgres engine does', () => {
    expect(buildSort('RELEVANCE', false)).toEqual(['totalFollowers:desc', 'id:asc']);
    expect(buildSearchParams(request({ sort: 'RELEVANCE', text: null })).sort).toEqual(['totalFollowers:desc', 'id:asc']);
    expect(buildSearchParams(request({ sort: 'RELEVANCE', text: '   ' })).sort).toEqual(['totalFollowers:desc', 'id:asc']);
  });

  it('rejects an unknown sort', () => {
    expect(() => buildSort('NAME' as unknown as 'RELEVANCE')).toThrow(RangeError);
  });
});

describe('pageWindow', () => {
  it('maps an aligned offset to a plain page', () => {
    expect(pageWindow(0, 20)).toEqual({ page: 1, hitsPerPage: 20, skip: 0, limit: 20 });
    expect(pageWindow(40, 20)).toEqual({ page: 3, hitsPerPage: 20, skip: 0, limit: 20 });
  });

  it('finds the smallest page that holds an unaligned window', () => {
    expect(pageWindow(5, 10)).toEqual({ page: 1, hitsPerPage: 15, skip: 5, limit: 10 });
    expect(pageWindow(25, 10)).toEqual({ page: 3, hitsPerPage: 12, skip: 1, limit: 10 });
  });

  it('is the smallest covering page for every small offset and limit (brute force)', () => {
    for (let offset = 0; offset <= 150; offset++) {
      for (let limit = 1; limit <= 25; limit++) {
        const w = pageWindow(offset, limit);
        const start = (w.page - 1) * w.hitsPerPage;
        expect(start + w.skip).toBe(offset);
        expect(w.skip + limit).toBeLessThanOrEqual(w.hitsPerPage);
        let smallest = limit;
        while (Math.floor(offset / smallest) !== Math.floor((offset + limit - 1) / smallest)) smallest++;
        expect(w.hitsPerPage).toBe(smallest);
      }
    }
  });

  it('asks for no hit when limit is 0', () => {
    expect(pageWindow(7, 0)).toEqual({ page: 1, hitsPerPage: 0, skip: 0, limit: 0 });
  });

  it.each<[number, number]>([
    [-1, 10],
    [0, -1],
    [1.5, 10],
    [0, Number.NaN],
    [Number.POSITIVE_INFINITY, 10],
  ])('rejects offset %p, limit %p', (offset: number, limit: number) => {
    expect(() => pageWindow(offset, limit)).toThrow(RangeError);
  });
});

describe('buildSearchParams', () => {
  it('asks for ids and ranking scores only, with no filter, sort or facets by default', () => {
    const params = buildSearchParams(request({ text: 'yoga' }));
    expect(params).toEqual({ q: 'yoga', page: 1, hitsPerPage: 20, showRankingScore: true, attributesToRetrieve: ['id'], matchingStrategy: 'all' });
    expect(params).not.toHaveProperty('filter');
    expect(params).not.toHaveProperty('sort');
    expect(params).not.toHaveProperty('facets');
    // without text, RELEVANCE means most followers first
    expect(buildSearchParams(request())).toEqual({
      q: '', page: 1, hitsPerPage: 20, showRankingScore: true, attributesToRetrieve: ['id'], sort: ['totalFollowers:desc', 'id:asc'],
    });
  });

  it('trims the text and requires every word when there is text', () => {
    const params = buildSearchParams(request({ text: '  vegan food  ' }));
    expect(params.q).toBe('vegan food');
    expect(params.matchingStrategy).toBe('all');
    expect(buildSearchParams(request({ text: '   ' })).q).toBe('');
    expect(buildSearchParams(request({ text: '   ' }))).not.toHaveProperty('matchingStrategy');
    expect(buildSearchParams(request({ text: undefined })).q).toBe('');
  });

  it('passes the filter in array form', () => {
    const params = buildSearchParams(request({ filter: { countries: ['FR'], contactableOnly: true } }));
    expect(params.filter).toEqual([['country = "FR"'], ['contactable = true']]);
  });

  it('maps offset and limit to page and hitsPerPage', () => {
    expect(buildSearchParams(request({ offset: 60, limit: 30 }))).toEqual(
      expect.objectContaining({ page: 3, hitsPerPage: 30 }),
    );
    expect(buildSearchParams(request({ offset: 5, limit: 10 }))).toEqual(
      expect.objectContaining({ page: 1, hitsPerPage: 15 }),
    );
    expect(buildSearchParams(request({ offset: 0, limit: 0 }))).toEqual(
      expect.objectContaining({ page: 1, hitsPerPage: 0 }),
    );
  });

  it('asks for the four facets when facets are on', () => {
    expect(buildSearchParams(request({ facets: true })).facets).toEqual(['topicSlugs', 'platforms', 'country', 'languages', 'verified']);
  });

  it('rejects NaN anywhere numbers are sent', () => {
    expect(() => buildSearchParams(request({ filter: { minFollowers: Number.NaN } }))).toThrow(TypeError);
    expect(() => buildSearchParams(request({ offset: Number.NaN }))).toThrow(RangeError);
    expect(() => buildSearchParams(request({ limit: Number.NaN }))).toThrow(RangeError);
  });
});

describe('toSearchResponse', () => {
  const result: MeiliSearchResult = {
    hits: [
      { id: 'a', _rankingScore: 0.9 },
      { id: 'b', _rankingScore: 0.5 },
      { id: 'c', _rankingScore: 0.25 },
    ],
    totalHits: 42,
    estimatedTotalHits: 1000,
    facetDistribution: {
      topicSlugs: { food: 3, sport: 7, art: 3, beauty: 1 },
      platforms: { YOUTUBE: 2, INSTAGRAM: 5 },
      country: { FR: 4 },
      languages: { fr: 4, en: 4, de: 9 },
      verified: { true: 5, false: 37 },
    },
  };

  it('converts hits, the exact total and facets sorted by count desc then value asc', () => {
    expect(toSearchResponse(result, { offset: 0, limit: 3, facets: true })).toEqual({
      hits: [
        { id: 'a', score: 0.9 },
        { id: 'b', score: 0.5 },
        { id: 'c', score: 0.25 },
      ],
      total: 42,
      facets: {
        topics: [
          { value: 'sport', count: 7 },
          { value: 'art', count: 3 },
          { value: 'food', count: 3 },
          { value: 'beauty', count: 1 },
        ],
        platforms: [
          { value: 'INSTAGRAM', count: 5 },
          { value: 'YOUTUBE', count: 2 },
        ],
        countries: [{ value: 'FR', count: 4 }],
        languages: [
          { value: 'de', count: 9 },
          { value: 'en', count: 4 },
          { value: 'fr', count: 4 },
        ],
        verified: [
          { value: 'false', count: 37 },
          { value: 'true', count: 5 },
        ],
      },
    });
  });

  it('returns empty facets when facets are off, whatever Meilisearch sent', () => {
    expect(toSearchResponse(result, { offset: 0, limit: 3, facets: false }).facets).toEqual({
      topics: [],
      platforms: [],
      countries: [],
      languages: [],
      verified: [],
    });
  });

  it('returns empty lists for facets missing from the distribution', () => {
    const response = toSearchResponse({ hits: [], totalHits: 0, facetDistribution: {} }, { offset: 0, limit: 3, facets: true });
    expect(response).toEqual({ hits: [], total: 0, facets: { topics: [], platforms: [], countries: [], languages: [], verified: [] } });
  });

  it('cuts the requested window out of the page buildSearchParams asked for', () => {
    // offset 1, limit 2 -> page 1 of 3 hits, skip 1
    expect(pageWindow(1, 2)).toEqual({ page: 1, hitsPerPage: 3, skip: 1, limit: 2 });
    expect(toSearchResponse(result, { offset: 1, limit: 2, facets: false }).hits.map((h) => h.id)).toEqual(['b', 'c']);
    // a short last page
    expect(toSearchResponse({ hits: result.hits.slice(0, 2), totalHits: 2 }, { offset: 1, limit: 2, facets: false }).hits).toEqual([
      { id: 'b', score: 0.5 },
    ]);
  });

  it('falls back to estimatedTotalHits only without totalHits, and fails without either', () => {
    expect(toSearchResponse({ hits: [], estimatedTotalHits: 7 }, { offset: 0, limit: 1, facets: false }).total).toBe(7);
    expect(() => toSearchResponse({ hits: [] }, { offset: 0, limit: 1, facets: false })).toThrow(/totalHits/);
  });

  it('scores 0 without _rankingScore and rejects a hit without a string id', () => {
    expect(toSearchResponse({ hits: [{ id: 'x' }], totalHits: 1 }, { offset: 0, limit: 1, facets: false }).hits).toEqual([
      { id: 'x', score: 0 },
    ]);
    expect(() => toSearchResponse({ hits: [{ id: 5 }], totalHits: 1 }, { offset: 0, limit: 1, facets: false })).toThrow(TypeError);
  });
});
