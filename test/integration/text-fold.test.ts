/**
 * One folding: the TypeScript `fold()` (read path, query words, demo handles) and SQL's
 * `search_fold()` (what the postgres engine indexes and matches) agree, so that `matchedTopics`
 * says what the engine matched.
 */
import { fold, foldedWords } from '../../src/domain/text';
import { TAXONOMY } from '../../src/data/taxonomy';
import type { App } from '../../src/app';
import { createTestApp } from '../support/test-app';

const TRICKY = [
  'Pâtisserie', 'Crème Brûlée', 'Straße', 'STRASSE', 'Æsir Œuvre', 'Søren Kierkegaard', 'Łódź', 'Đorđe', 'Þórr',
  'İstanbul', 'ISTANBUL', 'naïve café', 'Zoë', 'Ångström', 'ﬁligree', 'Ｆｕｌｌｗｉｄｔｈ', 'résumé-writing', 'São Paulo',
  'Český Krumlov', 'Dvořák', 'Ærøskøbing', 'Müller-Lüdenscheidt', 'ÉLODIE', 'garçon', 'Añejo', 'Kraków', 'Ħamrun',
];

describe('text folding', () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('fold() gives what search_fold() gives, for accented, special and compatibility letters', async () => {
    const names = [...TRICKY, ...TAXONOMY.map((t) => t.name)];
    const rows: Array<{ t: string; f: string }> = await app.ds.query(`SELECT t, search_fold(t) AS f FROM unnest($1::text[]) t`, [names]);
    const disagree = rows.filter((r) => fold(r.t) !== r.f).map((r) => ({ text: r.t, ts: fold(r.t), sql: r.f }));
    expect(disagree).toEqual([]);
  });

  it('words are split on anything but letters and digits', () => {
    expect(foldedWords("Crème brûlée & O'Brien's DIY-crafts 2024")).toEqual(['creme', 'brulee', 'o', 'brien', 's', 'diy', 'crafts', '2024']);
  });
});
