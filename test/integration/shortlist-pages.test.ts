/**
 * Shortlist pages: the rule applied inside the page's statement (hidden entries counted, never
 * shown), keyset paging, the number of SQL statements independent of the page size, and the CSV
 * export holding only what the agency may see.
 */
import type { App } from '../../src/app';
import { seedDemo } from '../../src/seed/seed';
import type { RunningServer } from '../../src/server';
import { agencyClient, Q } from '../support/agency-fixtures';
import { createTestApp, GqlClient, startTestServer } from '../support/test-app';

describe('shortlist pages', () => {
  let app: App;
  let server: RunningServer;
  let agency: GqlClient;
  let agencyId: string;
  let list: string;
  let visible: string[];
  let counting = false;
  const statements: string[] = [];

  beforeAll(async () => {
    // a key's last_used_at (written at most once a minute, off the request path) is not the page's statement
    app = await createTestApp({ onQuery: (sql) => counting && !/UPDATE api_key SET last_used_at/.test(sql) && statements.push(sql) });
    server = await startTestServer(app);
    await seedDemo(app, 300, 11);
    ({ c: agency, agencyId } = await agencyClient(app, server.url, 'Pagers'));
    list = (await agency.request(Q.createList, { name: 'Big list' })).data.createShortlist.shortlist.id;
    const f = app.rule.fragment(1);
    visible = (await app.ds.query(`SELECT e.influencer_id FROM ${f.sql} e WHERE e.listable ORDER BY e.influencer_id LIMIT 120`, f.params)).map((r: any) => r.influencer_id);
    const hidden = (await app.ds.query(`SELECT e.influencer_id FROM ${f.sql} e WHERE NOT e.listable ORDER BY e.influencer_id LIMIT 7`, f.params)).map((r: any) => r.influencer_id);
    expect(visible).toHaveLength(120);
    expect(hidden).toHaveLength(7);
    // entries added while those people were listable: written directly, in an interleaved order
    const all = visible.flatMap((id, i) => (i < hidden.length ? [id, hidden[i]] : [id]));
    await app.ds.query(`INSERT INTO shortlist_entry (shortlist_id, influencer_id, note) SELECT $1, x, 'n:' || x FROM unnest($2::uuid[]) WITH ORDINALITY AS u(x, o) ORDER BY o`, [list, all]);
    expect(agencyId).toBeTruthy();
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it('pages through the listable entries only, in the order added, counting the hidden ones', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r: any = await agency.request(Q.entries, { l: list, n: 50, after });
      expect(r.errors).toBeUndefined();
      const page = r.data.shortlist.entries;
      expect(page.totalCount).toBe(120);
      expect(page.hiddenCount).toBe(7);
      seen.push(...page.edges.map((e: any) => e.node.id));
      expect(page.edges.every((e: any) => e.note === `n:${e.node.id}`)).toBe(true);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(visible);
    const bad = await agency.request(Q.entries, { l: list, n: 5, after: 'bm9wZQ' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('takes the same number of SQL statements for first: 5 and first: 100', async () => {
    const count = async (first: number) => {
      statements.length = 0;
      counting = true;
      const r = await agency.request(Q.entries, { l: list, n: first });
      counting = false;
      expect(r.errors).toBeUndefined();
      return { edges: r.data.shortlist.entries.edges.length, statements: statements.length };
    };
    const small = await count(5);
    const large = await count(100);
    expect(small.edges).toBe(5);
    expect(large.edges).toBe(100);
    expect(large.statements).toBe(small.statements);
    // the key, the rate limiter, the list, its page (rule inside), the profiles (rule inside)
    expect(small.statements).toBeLessThanOrEqual(6);
  });

  it('exports as CSV only the listable entries, their public fields and the notes; formulas are defused', async () => {
    const first = visible[0];
    await agency.request(Q.add, { l: list, i: first, note: '=HYPERLINK("http://evil.example")' });
    const r = await agency.request(`query($l: ID!) { shortlist(id: $l) { csv } }`, { l: list });
    expect(r.errors).toBeUndefined();
    const csv: string = r.data.shortlist.csv;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('influencer_id,display_name,country,city,languages,topics,accounts,total_followers,contactable,note,added_at');
    expect(lines).toHaveLength(1 + 120);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(visible);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    const emails: Array<{ email: string; birth_date: string }> = await app.ds.query(`SELECT email, birth_date::text FROM influencer`);
    for (const { email } of emails) expect(csv.includes(email)).toBe(false);
  });
});
