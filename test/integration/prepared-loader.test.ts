/**
 * The listable-profile loader runs as a prepared statement (src/db/prepared.ts, issue 9): planned
 * once per connection, yet it must answer exactly as the plain statement does, follow a consent
 * change at once, and survive the rule being redefined underneath it (a deploy applying a new
 * rule while this process holds the prepared plan).
 */
import type { App } from '../../src/app';
import { ELIGIBILITY_ROUTINE } from '../../src/consent/rule.sql';
import { preparedQuery } from '../../src/db/prepared';
import { loadPublicProfiles } from '../../src/search/document';
import { seedDemo } from '../../src/seed/seed';
import { createTestApp } from '../support/test-app';

let app: App;
let ids: string[];

beforeAll(async () => {
  app = await createTestApp();
  await seedDemo(app, 30, 11);
  const rows: Array<{ id: string }> = await app.ds.query(`SELECT id FROM influencer ORDER BY id`);
  ids = rows.map((r) => r.id);
}, 60_000);

afterAll(async () => {
  await app.close();
});

const load = (db: Parameters<typeof loadPublicProfiles>[0] = app.ds) => loadPublicProfiles(db, app.rule, app.topics, ids);

test('runs as a named prepared statement on the pool', async () => {
  const text = `SELECT name, statement FROM pg_prepared_statements WHERE statement = $1`;
  const marker = `${text} -- ${Date.now()}`;
  const rows = await preparedQuery<{ name: string; statement: string }>(app.ds, marker, [marker]);
  expect(rows).toHaveLength(1);
  expect(rows[0].name).toMatch(/^p_[0-9a-f]{16}$/);
  // inside a transaction it runs as a plain statement: nothing prepared on that connection
  const other = `${text} -- in a transaction ${Date.now()}`;
  const inTx = await app.ds.transaction((m) => preparedQuery<{ name: string }>(m, other, [other]));
  expect(inTx).toHaveLength(0);
});

test('answers as the plain statement does, many times over (past the point PostgreSQL switches to a generic plan)', async () => {
  const plain = await app.ds.transaction((m) => load(m));
  expect(plain.size).toBeGreaterThan(5);
  for (let i = 0; i < 12; i++) {
    const prepared = await load();
    expect([...prepared.keys()].sort()).toEqual([...plain.keys()].sort());
    expect(JSON.stringify([...prepared.values()].sort((a, b) => a.id.localeCompare(b.id))))
      .toBe(JSON.stringify([...plain.values()].sort((a, b) => a.id.localeCompare(b.id))));
  }
});

test('a withdrawal is honoured by the very next load', async () => {
  const before = await load();
  const [leaver] = [...before.keys()];
  const out = await app.consent.withdraw(leaver, 'DISCOVERY');
  expect(out.ok).toBe(true);
  const after = await load();
  expect(after.has(leaver)).toBe(false);
  expect(after.size).toBe(before.size - 1);
  expect((await app.consent.grant(leaver, 'DISCOVERY')).ok).toBe(true);
  expect((await load()).has(leaver)).toBe(true);
});

test('the rule redefined underneath the prepared plans: the next load uses the new definition', async () => {
  const before = await load();
  expect(before.size).toBeGreaterThan(5);
  for (let i = 0; i < 6; i++) await load(); // prepared, and generic by now, on the pooled connections
  const redefine = (create: string) =>
    app.ds.transaction(async (m) => {
      await m.query(ELIGIBILITY_ROUTINE.drop);
      await m.query(create);
    });
  // a rule that gives everyone one more reason not to be listed
  const nobody = ELIGIBILITY_ROUTINE.create.replace(`'NO_PUBLIC_ACCOUNT' END,`, `'NO_PUBLIC_ACCOUNT' END, 'TEST_NOBODY',`);
  expect(nobody).not.toBe(ELIGIBILITY_ROUTINE.create);
  await redefine(nobody);
  try {
    for (let i = 0; i < 6; i++) expect((await load()).size).toBe(0);
  } finally {
    await redefine(ELIGIBILITY_ROUTINE.create);
  }
  for (let i = 0; i < 6; i++) expect([...(await load()).keys()].sort()).toEqual([...before.keys()].sort());
});
