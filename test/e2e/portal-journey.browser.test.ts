/**
 * The influencer portal's whole journey, through the page itself (no API shortcuts for the
 * influencer), against the real server on an embedded PostgreSQL, with an agency searching over
 * HTTP in between: join -> connect a public account -> pick topics -> grant DISCOVERY -> found ->
 * withdraw with one click -> the very next search does not find them -> grant again -> delete ->
 * nothing left, and signing in fails. Then the same with the keyboard only.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createTestStack, type TestStack } from '../support/test-app';
import { browserAvailable, dateKeys, expectAccessible, expectVisibleFocus, goTo, launchBrowser, openPortal, photograph, tabTo } from '../support/portal-browser';
import { mailedCode } from '../support/join';

const available = browserAvailable('portal journey browser test');

const SEARCH = `query Find($q: String, $filter: InfluencerFilter) {
  searchInfluencers(query: $q, filter: $filter, first: 20) { totalCount edges { node { id displayName } matchedTopics { evidence } } }
}`;
const CARD = `id displayName bio country city languages topics { topic { slug name parentSlug } weight }
  accounts { platform handle url followers engagementRate } totalFollowers contactable updatedAt`;

(available ? describe : describe.skip)('the influencer portal, end to end in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  const t0 = Date.now();
  beforeAll(async () => {
    stack = await createTestStack();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    process.stderr.write(`[portal journey] ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  });

  const search = async (filter: Record<string, unknown>) => {
    const r = await stack.agency.request<{ searchInfluencers: { edges: Array<{ node: { id: string }; matchedTopics: Array<{ evidence: string }> }> } }>(SEARCH, { filter });
    expect(r.errors).toBeUndefined();
    return r.data.searchInfluencers.edges;
  };
  const found = async (id: string, filter: Record<string, unknown>) => (await search(filter)).some((e) => e.node.id === id);
  /** After a grant the indexer adds the document (the test app runs it on demand, as the CLI does). */
  const eventuallyFound = async (id: string, filter: Record<string, unknown>) => {
    await stack.app.indexer.drain();
    return found(id, filter);
  };
  const agencyView = async (id: string) => {
    const r = await stack.agency.request<{ influencer: Record<string, unknown> | null }>(`query($id: ID!) { influencer(id: $id) { ${CARD} } }`, { id });
    expect(r.errors).toBeUndefined();
    return r.data.influencer;
  };
  const idOf = async (email: string) => {
    const rows: Array<{ id: string }> = await stack.app.ds.query(`SELECT id FROM influencer WHERE email = $1`, [email]);
    return rows[0]?.id ?? null;
  };
  const statusOf = async (page: Page) => (await page.getByTestId('listing-status').getByRole('heading', { level: 2 }).innerText()).trim();

  it('join, connect, pick topics, grant, be found, withdraw, grant again, delete', async () => {
    const { page, context, external, cspViolations, consoleErrors } = await openPortal(browser, stack.server.url);
    const email = `mila.${Date.now()}@example.com`;
    const yoga = { topics: ['yoga'] };

    // the page's own headers: CSP allowing only this origin, no framing
    const head = await context.request.get(`${stack.server.url}/portal/`);
    const csp = head.headers()['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(head.headers()['x-frame-options']).toBe('DENY');

    // signed out: the welcome page
    await expect(page.getByRole('heading', { level: 1 })).toBeTruthy();
    await expectAccessible(page, 'welcome');
    await photograph(page, '01-welcome');

    // 1. join
    await page.getByRole('link', { name: 'Join Permission' }).click();
    await page.getByRole('heading', { level: 1, name: 'Join Permission' }).waitFor();
    await expectAccessible(page, 'join');
    await photograph(page, '02-join');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('short');
    expect(await page.getByText('At least 10 characters').getAttribute('class')).not.toContain('rule--ok');
    await page.getByLabel('Password', { exact: true }).fill('calm-river-stone-42');
    expect(await page.getByText('At least 10 characters').getAttribute('class')).toContain('rule--ok');
    await page.getByLabel('Display name').fill('Mila Sørensen');
    await page.getByLabel('Birth date').fill('1994-05-17');
    await page.getByLabel(/^Country/).fill('Denmark');
    await page.getByRole('button', { name: 'Create my account' }).click();
    // 1b. the code from the mail (here: the dev mailbox, as on a developer's machine)
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    expect(await idOf(email)).toBeFalsy();
    await page.getByRole('link', { name: 'dev mailbox' }).waitFor();
    await expectAccessible(page, 'check your email');
    await photograph(page, '02b-check-email');
    const mailbox = await page.context().newPage();
    await mailbox.goto(`${stack.server.url}/dev/mail`);
    const subject = await mailbox.getByRole('heading', { level: 2 }).first().textContent();
    const code = /^(\d{6}) is your Permission code$/.exec(subject ?? '')![1];
    await photograph(mailbox, '02c-dev-mailbox');
    await mailbox.close();
    await page.getByLabel('Code from the mail').fill('000000' === code ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await page.getByText('This code is wrong or has expired').first().waitFor();
    await page.getByLabel('Code from the mail').fill(code);
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hello, Mila Sørensen' }).waitFor();
    const id = (await idOf(email))!;
    expect(id).toBeTruthy();
    expect(await statusOf(page)).toBe('Not listed');
    const reasons = await page.getByTestId('reasons').locator('[data-reason]').evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')));
    expect(reasons.sort()).toEqual(['NO_DISCOVERY_CONSENT', 'NO_PUBLIC_ACCOUNT']);
    await page.getByRole('link', { name: 'Connect a public account' }).waitFor();
    await page.getByRole('link', { name: 'Review and allow' }).waitFor();
    await expectAccessible(page, 'overview (new)');
    await photograph(page, '03-overview-new');

    // 2. connect a public account
    await page.getByRole('link', { name: 'Connect a public account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
    await page.getByLabel('Network').selectOption('INSTAGRAM');
    await page.getByLabel('Handle').fill('mila.moves');
    await page.getByLabel(/^Followers/).fill('48200');
    await page.getByLabel(/^Engagement rate/).fill('4.2');
    await page.getByLabel(/^Link to the profile/).fill('https://instagram.com/mila.moves');
    await page.getByRole('button', { name: 'Connect account' }).click();
    await page.getByTestId('account').filter({ hasText: '@mila.moves' }).getByText('Public').waitFor();
    // and a private one, marked as never shown
    await page.getByLabel('Network').selectOption('TIKTOK');
    await page.getByLabel('Handle').fill('mila.private');
    await page.getByLabel('This account is private').check();
    await page.getByRole('button', { name: 'Connect account' }).click();
    await page.getByTestId('account').filter({ hasText: '@mila.private' }).getByText('never shown to agencies').waitFor();
    await expectAccessible(page, 'accounts');
    await photograph(page, '04-accounts');

    // 3. profile and topics (searchable, grouped, with a weight in words)
    await goTo(page, 'Profile', 'Your profile');
    await page.getByLabel(/^Bio/).fill('Slow yoga and breathwork for busy people, from Copenhagen.');
    await page.getByRole('textbox', { name: /^City/ }).fill('Copenhagen');
    await page.getByLabel('Languages you create in').fill('Danish');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByLabel('Languages you create in').fill('English (en)');
    await page.getByLabel('Languages you create in').press('Enter');
    await page.getByLabel('Search topics').fill('yog');
    const groups = page.locator('#topic-groups fieldset');
    expect(await groups.count()).toBe(1);
    expect(await groups.first().locator('legend').innerText()).toBe('Fitness & wellness');
    await page.getByRole('checkbox', { name: 'Yoga' }).check();
    await page.getByLabel('How much of your content is about Yoga').selectOption('most');
    await page.getByLabel('Search topics').fill('medit');
    await page.getByRole('checkbox', { name: /Meditation/ }).check();
    await page.getByLabel('Search topics').fill('');
    await expectAccessible(page, 'profile');
    await photograph(page, '05-profile');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    const topics: Array<{ topic_slug: string; weight: string }> = await stack.app.ds.query(`SELECT topic_slug, weight::text FROM influencer_topic WHERE influencer_id = $1 ORDER BY topic_slug`, [id]);
    expect(topics.find((t) => t.topic_slug === 'yoga')?.weight).toBe('1.00');
    expect(topics.length).toBe(2);

    // 4. grant DISCOVERY: the terms are on the page before the button
    await goTo(page, 'Consent', 'Your consent');
    const discovery = page.getByTestId('consent-discovery');
    await discovery.getByText('What you agree to').waitFor();
    await discovery.getByText(/never see your email address/).waitFor();
    await expectAccessible(page, 'consent (off)');
    await photograph(page, '06-consent-off');
    expect(await found(id, yoga)).toBe(false);
    await discovery.getByRole('button', { name: 'Yes, agencies may find me' }).click();
    await discovery.getByText('On', { exact: true }).waitFor();
    await discovery.getByText(/runs until/).waitFor();

    // 5. an agency finds them, with the evidence for the topic
    expect(await eventuallyFound(id, yoga)).toBe(true);
    const edge = (await search(yoga)).find((e) => e.node.id === id)!;
    expect(edge.matchedTopics[0].evidence).toContain('Yoga');

    // the preview is the agency's view, field for field
    await goTo(page, 'Overview', /^Hello/);
    expect(await statusOf(page)).toBe('Listed');
    const mine = await context.request.post(`${stack.server.url}/graphql`, {
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      data: { query: `{ me { preview { listed influencer { ${CARD} } } } }` },
    });
    const preview = (await mine.json()).data.me.preview;
    expect(preview.listed).toBe(true);
    expect(preview.influencer).toEqual(await agencyView(id));
    const card = page.getByTestId('agency-card');
    await card.getByText('@mila.moves').waitFor();
    expect(await card.innerText()).not.toContain('mila.private');
    expect(await card.innerText()).not.toContain(email);
    await expectAccessible(page, 'overview (listed)');
    await photograph(page, '07-overview-listed');

    // 6. withdraw with one click; the very next agency search does not find them
    await page.getByRole('button', { name: 'Stop being listed' }).click();
    await page.getByTestId('listing-status').getByText('Not listed').waitFor();
    expect(await found(id, yoga)).toBe(false);
    expect(await agencyView(id)).toBeNull();
    expect(await page.getByTestId('reasons').locator('[data-reason="DISCOVERY_CONSENT_WITHDRAWN"]').count()).toBe(1);

    // 7. grant again (from the consent page), history with a receipt per grant
    await goTo(page, 'Consent', 'Your consent');
    await discovery.getByRole('button', { name: 'Yes, agencies may find me' }).click();
    await discovery.getByText('On', { exact: true }).waitFor();
    expect(await eventuallyFound(id, yoga)).toBe(true);
    const rows = page.locator('.history li');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().innerText()).toContain('Allowed');
    expect(await rows.nth(1).innerText()).toContain('Withdrawn');
    const [download] = await Promise.all([page.waitForEvent('download'), rows.first().getByRole('button', { name: /Download receipt/ }).click()]);
    const receipt = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(receipt.version).toBe('KI-CR-v1.1.0');
    expect(receipt.piiPrincipalId).toBe(email);
    await photograph(page, '08-consent-on');

    // 8. who looked: the agency that opened their card above, by name
    await goTo(page, 'Who looked', 'Who looked');
    await page.getByText('Test agency viewed your card', { exact: false }).first().waitFor();
    await expectAccessible(page, 'who looked');
    await photograph(page, '09-who-looked');

    // 9. my data: the export holds everything, private account and ledger included
    await goTo(page, 'My data', 'Your data');
    await expectAccessible(page, 'my data');
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data (JSON)' }).click()]);
    expect(exported.suggestedFilename()).toMatch(/^permission-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(fs.readFileSync((await exported.path())!, 'utf8'));
    expect(data.account.email).toBe(email);
    expect(data.account.birthDate).toBe('1994-05-17');
    expect(data.socialAccounts.map((a: { handle: string }) => a.handle).sort()).toEqual(['mila.moves', 'mila.private']);
    expect(data.consent.ledger.map((e: { action: string }) => e.action)).toEqual(['GRANT', 'WITHDRAW', 'GRANT']);
    expect(data.consent.receipts).toHaveLength(2);
    expect(JSON.stringify(data)).not.toMatch(/\$argon2|passwordHash|password_hash|tokenHash|token_hash/);

    // 10. delete: one click plus a confirmation, then signed out and gone
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    await expectAccessible(page, 'my data (confirm)');
    await photograph(page, '10-delete-confirm');
    await page.getByRole('button', { name: 'Yes, delete everything' }).click();
    await page.getByText('Your account is deleted.').waitFor();
    await expectAccessible(page, 'goodbye');
    await photograph(page, '11-goodbye');
    expect(await found(id, yoga)).toBe(false);
    expect(await agencyView(id)).toBeNull();
    const left: Array<{ n: number }> = await stack.app.ds.query(
      `SELECT (SELECT count(*) FROM influencer WHERE id = $1) + (SELECT count(*) FROM consent_event WHERE influencer_id = $1)
            + (SELECT count(*) FROM social_account WHERE influencer_id = $1) + (SELECT count(*) FROM session WHERE influencer_id = $1)
            + (SELECT count(*) FROM influencer_topic WHERE influencer_id = $1) AS n`,
      [id],
    );
    expect(Number(left[0].n)).toBe(0);

    // signing in fails, with the words that do not say whether the email exists
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('calm-river-stone-42');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That email and password do not match').waitFor();
    await expectAccessible(page, 'sign in (failed)');
    await photograph(page, '12-sign-in-failed');

    expect(external).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(consoleErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    await context.close();
  }, 180_000);

  it('the same journey with the keyboard only, focus always visible', async () => {
    const { page, context } = await openPortal(browser, stack.server.url, 1024);
    const email = `kai.${Date.now()}@example.com`;
    const kb = page.keyboard;
    const press = async (target: ReturnType<Page['getByRole']>, key = 'Enter') => {
      await tabTo(page, target);
      await expectVisibleFocus(page);
      await kb.press(key);
    };
    const typeInto = async (target: ReturnType<Page['getByLabel']>, text: string) => {
      await tabTo(page, target);
      await expectVisibleFocus(page);
      await kb.type(text);
    };

    // the skip link comes first
    await kb.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await press(page.getByRole('link', { name: 'Join Permission' }));
    await page.getByRole('heading', { level: 1, name: 'Join Permission' }).waitFor();
    await typeInto(page.getByLabel('Email'), email);
    await typeInto(page.getByLabel('Password', { exact: true }), 'quiet-harbour-lights-7');
    await typeInto(page.getByLabel('Display name'), 'Kai Keyboard');
    await tabTo(page, page.getByLabel('Birth date'));
    await kb.type(await dateKeys(context, '1990-05-17'));
    await typeInto(page.getByLabel(/^Country/), 'Norway');
    await press(page.getByRole('button', { name: 'Create my account' }));
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    await typeInto(page.getByLabel('Code from the mail'), await mailedCode(stack.server.url, email));
    await press(page.getByRole('button', { name: 'Confirm and sign in' }));
    await page.getByRole('heading', { level: 1, name: 'Hello, Kai Keyboard' }).waitFor();
    const id = (await idOf(email))!;
    const [born] = await stack.app.ds.query(`SELECT to_char(birth_date, 'YYYY-MM-DD') AS d FROM influencer WHERE id = $1`, [id]);
    expect(born.d).toBe('1990-05-17');

    await press(page.getByRole('link', { name: 'Connect a public account' }));
    await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
    await tabTo(page, page.getByLabel('Network'));
    await kb.type('YouTube');
    expect(await page.getByLabel('Network').inputValue()).toBe('YOUTUBE');
    await typeInto(page.getByLabel('Handle'), 'kai.keys');
    await typeInto(page.getByLabel(/^Followers/), '9100');
    await press(page.getByRole('button', { name: 'Connect account' }));
    await page.getByTestId('account').filter({ hasText: '@kai.keys' }).waitFor();

    await press(page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Profile' }));
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    await typeInto(page.getByLabel('Search topics'), 'yoga');
    await press(page.getByRole('checkbox', { name: 'Yoga' }), 'Space');
    await press(page.getByRole('button', { name: 'Save profile' }));
    await page.getByText('Profile saved.').waitFor();

    await press(page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Consent' }));
    await page.getByRole('heading', { level: 1, name: 'Your consent' }).waitFor();
    await press(page.getByRole('button', { name: 'Yes, agencies may find me' }));
    await page.getByTestId('consent-discovery').getByText('On', { exact: true }).waitFor();
    expect(await eventuallyFound(id, { topics: ['yoga'] })).toBe(true);
    await press(page.getByRole('button', { name: /^Withdraw: Agencies may find me/ }));
    await page.getByTestId('consent-discovery').getByText('Off', { exact: true }).waitFor();
    expect(await found(id, { topics: ['yoga'] })).toBe(false);

    await press(page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'My data' }));
    await page.getByRole('heading', { level: 1, name: 'Your data' }).waitFor();
    await press(page.getByRole('button', { name: 'Delete my account…' }));
    // the confirmation takes the focus
    await page.waitForFunction(() => document.activeElement?.textContent === 'Yes, delete everything');
    await kb.press('Enter');
    await page.getByText('Your account is deleted.').waitFor();
    expect(await idOf(email)).toBeNull();
    await context.close();
  }, 180_000);
});
