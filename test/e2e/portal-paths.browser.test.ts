/**
 * The portal's other paths, in a real browser against the real server on a controllable clock:
 * under age (at sign-up, and by a corrected birth date), private accounts only, consent near its
 * expiry and expired, a suspended account, sign-in errors and the sign-in limit, and the
 * cookie's CSRF defences.
 */
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../../src/clock';
import { createTestStack, GqlClient, type TestStack } from '../support/test-app';
import { browserAvailable, expectAccessible, goTo, launchBrowser, openPortal, photograph } from '../support/portal-browser';
import { mailedCode } from '../support/join';

const available = browserAvailable('portal paths browser test');
const DAY = 86_400_000;
const FIND = `query($id: ID!) { influencer(id: $id) { id } searchInfluencers(filter: { topics: ["yoga"] }, first: 50) { edges { node { id } } } }`;

(available ? describe : describe.skip)('the influencer portal: every path shows the right reasons and actions', () => {
  let stack: TestStack;
  let browser: Browser;
  const clock = new ManualClock(new Date());
  const t0 = Date.now();
  beforeAll(async () => {
    stack = await createTestStack({ clock });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    process.stderr.write(`[portal paths] ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  });

  /** Whether an agency finds this person, by search and by id, after the indexer caught up. */
  const agencyFinds = async (id: string) => {
    await stack.app.indexer.drain();
    const r = await stack.agency.request<{ influencer: { id: string } | null; searchInfluencers: { edges: Array<{ node: { id: string } }> } }>(FIND, { id });
    expect(r.errors).toBeUndefined();
    const bySearch = r.data.searchInfluencers.edges.some((e) => e.node.id === id);
    expect(bySearch).toBe(r.data.influencer !== null);
    return bySearch;
  };
  const reasonsOn = async (page: Page) =>
    (await page.getByTestId('reasons').locator('[data-reason]').evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')))).sort();
  const status = async (page: Page) => (await page.getByTestId('listing-status').getByRole('heading', { level: 2 }).innerText()).trim();
  const isoDaysAgo = (years: number) => {
    const d = clock.now();
    return `${d.getUTCFullYear() - years}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  };
  let n = 0;
  /** Joins through the page and returns the new person's id. */
  async function join(page: Page, name: string, birthDate = '1992-03-04'): Promise<{ id: string; email: string }> {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${++n}.${Date.now()}@example.com`;
    await page.goto(`${stack.server.url}/portal/join`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('gentle-morning-tide-9');
    await page.getByLabel('Display name').fill(name);
    await page.getByLabel('Birth date').fill(birthDate);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    await page.getByLabel('Code from the mail').fill(await mailedCode(stack.server.url, email));
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: `Hello, ${name}` }).waitFor();
    const [row] = await stack.app.ds.query(`SELECT id FROM influencer WHERE email = $1`, [email]);
    return { id: row.id, email };
  }
  async function connect(page: Page, handle: string, opts: { private?: boolean } = {}) {
    await goTo(page, 'Accounts', 'Your accounts');
    await page.getByLabel('Network').selectOption('INSTAGRAM');
    await page.getByLabel('Handle').fill(handle);
    await page.getByLabel(/^Followers/).fill('15000');
    if (opts.private) await page.getByLabel('This account is private').check();
    await page.getByRole('button', { name: 'Connect account' }).click();
    await page.getByTestId('account').filter({ hasText: `@${handle}` }).waitFor();
  }
  async function pickYoga(page: Page) {
    await goTo(page, 'Profile', 'Your profile');
    await page.getByLabel('Search topics').fill('yoga');
    await page.getByRole('checkbox', { name: 'Yoga' }).check();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
  }
  async function grantDiscovery(page: Page) {
    await goTo(page, 'Consent', 'Your consent');
    await page.getByTestId('consent-discovery').getByRole('button', { name: 'Yes, agencies may find me' }).click();
    await page.getByTestId('consent-discovery').getByText('On', { exact: true }).waitFor();
    await goTo(page, 'Overview', /^Hello/);
  }
  async function signIn(page: Page, email: string) {
    await page.goto(`${stack.server.url}/portal/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('gentle-morning-tide-9');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
  }

  it('a join form with mistakes lists each one, focused, linked to its field, and stores nothing', async () => {
    const { page, context } = await openPortal(browser, stack.server.url);
    await page.goto(`${stack.server.url}/portal/join`);
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel(/^Country/).fill('Atlantis');
    await page.getByRole('button', { name: 'Create my account' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText('Pick a country from the list').waitFor();
    await page.getByLabel(/^Country/).fill('');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await summary.getByText(/Please check \d things/).waitFor();
    // the summary takes the focus right after it renders (an effect): wait for it, do not race it
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'alert', undefined, { timeout: 5000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    const items = await summary.locator('li').allInnerTexts();
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(items.join(' ')).toContain('not an email address');
    expect(items.join(' ')).toContain('at least 10 characters');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await summary.getByRole('link', { name: /not an email address/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('join-email');
    expect(await stack.app.ds.query(`SELECT 1 FROM influencer WHERE email = 'not-an-email'`)).toEqual([]);
    await expectAccessible(page, 'join with errors');
    await photograph(page, '19-join-errors');
    await context.close();
  }, 60_000);

  it('under age: told kindly at sign-up with nothing stored; a corrected birth date unlists at once', async () => {
    const { page, context } = await openPortal(browser, stack.server.url);
    const email = `young.${Date.now()}@example.com`;
    await page.goto(`${stack.server.url}/portal/join`);
    await page.getByText('You must be at least 18.').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('gentle-morning-tide-9');
    await page.getByLabel('Display name').fill('Young Person');
    await page.getByLabel('Birth date').fill(isoDaysAgo(16));
    await page.getByLabel(/^Country/).fill('Sweden');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByText('Permission is for people aged 18 and over.').waitFor();
    await page.getByText('We have not stored anything you typed').waitFor();
    const rows: unknown[] = await stack.app.ds.query(
      `SELECT 1 FROM influencer WHERE email = $1 OR display_name = 'Young Person'
       UNION ALL SELECT 1 FROM pending_sign_up WHERE email = $1 UNION ALL SELECT 1 FROM mail_message WHERE to_address = $1`,
      [email],
    );
    expect(rows).toEqual([]);
    await expectAccessible(page, 'under age at sign-up');
    await photograph(page, '20-under-age-join');

    // an adult who is listed, then corrects the birth date to under 18
    const { id } = await join(page, 'Noor Adult');
    await connect(page, `noor.${n}`);
    await pickYoga(page);
    await grantDiscovery(page);
    expect(await status(page)).toBe('Listed');
    expect(await agencyFinds(id)).toBe(true);
    await goTo(page, 'Profile', 'Your profile');
    await page.getByLabel('Birth date').fill(isoDaysAgo(17));
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    await goTo(page, 'Overview', /^Hello/);
    expect(await status(page)).toBe('Not listed');
    expect(await reasonsOn(page)).toEqual(['UNDER_MIN_AGE']);
    const reason = page.locator('[data-reason="UNDER_MIN_AGE"]');
    await reason.getByText('You are under 18').waitFor();
    expect(await reason.getByRole('link', { name: 'Check my birth date' }).getAttribute('href')).toBe('/portal/profile#profile-birth');
    expect(await agencyFinds(id)).toBe(false);
    await expectAccessible(page, 'overview, under age');
    await photograph(page, '21-overview-under-age');
    // the action leads to the field
    await reason.getByRole('link', { name: 'Check my birth date' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'profile-birth');
    await context.close();
  }, 120_000);

  it('private accounts only: not listed, with the one action that fixes it; made public, listed', async () => {
    const { page, context } = await openPortal(browser, stack.server.url);
    const { id } = await join(page, 'Pia Private');
    await connect(page, `pia.${n}`, { private: true });
    const card = page.getByTestId('account').filter({ hasText: `@pia.${n}` });
    await card.getByText('Private · never shown to agencies').waitFor();
    await pickYoga(page);
    await grantDiscovery(page);
    expect(await status(page)).toBe('Not listed');
    expect(await reasonsOn(page)).toEqual(['NO_PUBLIC_ACCOUNT']);
    await page.getByRole('link', { name: 'Connect a public account' }).waitFor();
    expect(await page.getByTestId('agency-card').innerText()).toContain('No public account');
    expect(await page.getByTestId('agency-card').innerText()).not.toContain(`pia.${n}`);
    expect(await agencyFinds(id)).toBe(false);
    await expectAccessible(page, 'overview, private only');
    await photograph(page, '22-overview-private-only');

    // edit it to public: listed; disconnect it: not listed again
    await page.getByRole('link', { name: 'Connect a public account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
    await card.getByRole('button', { name: /^Edit/ }).click();
    await expectAccessible(page, 'accounts, editing');
    await card.getByLabel('This account is private').uncheck();
    await card.getByRole('button', { name: 'Save changes' }).click();
    await card.getByText('Public · agencies see it when you are listed').waitFor();
    expect(await agencyFinds(id)).toBe(true);
    await card.getByRole('button', { name: /^Disconnect/ }).click();
    await page.getByText('No account connected yet.').waitFor();
    expect(await agencyFinds(id)).toBe(false);
    await goTo(page, 'Overview', /^Hello/);
    expect(await reasonsOn(page)).toEqual(['NO_PUBLIC_ACCOUNT']);
    await context.close();
  }, 120_000);

  it('consent near its expiry gets a notice and one click to confirm; expired, it unlists until confirmed again', async () => {
    const { page, context } = await openPortal(browser, stack.server.url);
    const { id, email } = await join(page, 'Eli Expiry');
    await connect(page, `eli.${n}`);
    await pickYoga(page);
    await grantDiscovery(page);
    expect(await agencyFinds(id)).toBe(true);

    // 340 days later (sessions last 30 days: sign in again); the browser's clock moves too
    clock.advance(340 * DAY);
    await page.clock.setFixedTime(clock.now());
    await signIn(page, email);
    expect(await status(page)).toBe('Listed');
    const notice = page.locator('.notice--warning').filter({ hasText: 'Your consent to be found ends on' });
    await notice.waitFor();
    await expectAccessible(page, 'overview, near expiry');
    await photograph(page, '23-overview-near-expiry');
    await goTo(page, 'Consent', 'Your consent');
    await page.getByTestId('consent-discovery').getByText('This ends in 25 days').waitFor();
    await expectAccessible(page, 'consent, near expiry');
    await photograph(page, '24-consent-near-expiry');

    // 366 days after the grant: expired, not listed, agencies no longer find them
    clock.advance(26 * DAY);
    await page.clock.setFixedTime(clock.now());
    await goTo(page, 'Overview', /^Hello/);
    await page.reload();
    await page.getByTestId('listing-status').getByText('Not listed').waitFor();
    expect(await reasonsOn(page)).toEqual(['DISCOVERY_CONSENT_EXPIRED']);
    expect(await agencyFinds(id)).toBe(false);
    const expired = page.locator('[data-reason="DISCOVERY_CONSENT_EXPIRED"]');
    await expired.getByText('Your consent to be found has expired').waitFor();
    await expectAccessible(page, 'overview, expired');
    await photograph(page, '25-overview-expired');
    await goTo(page, 'Consent', 'Your consent');
    await page.getByTestId('consent-discovery').getByText('Expired', { exact: true }).waitFor();
    await photograph(page, '26-consent-expired');

    // one click confirms it again
    await goTo(page, 'Overview', /^Hello/);
    await expired.getByRole('button', { name: 'Confirm again' }).click();
    await page.getByTestId('listing-status').getByText('Listed', { exact: true }).waitFor();
    expect(await agencyFinds(id)).toBe(true);
    await context.close();
  }, 120_000);

  it('a suspended account is told why it is not listed and whom to ask', async () => {
    const { page, context } = await openPortal(browser, stack.server.url);
    const { id } = await join(page, 'Sam Suspended');
    await stack.app.ds.query(`UPDATE influencer SET status = 'suspended' WHERE id = $1`, [id]);
    await page.reload();
    await page.getByTestId('listing-status').waitFor();
    expect(await reasonsOn(page)).toContain('ACCOUNT_SUSPENDED');
    expect(await page.locator('[data-reason="ACCOUNT_SUSPENDED"]').getByRole('link', { name: 'Contact support' }).getAttribute('href')).toMatch(/^mailto:/);
    await context.close();
  }, 60_000);

  it('sign-in errors do not tell whether the email exists; the limit says when to try again', async () => {
    const { page, context } = await openPortal(browser, stack.server.url);
    const { email } = await join(page, 'Lia Limit');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await expectAccessible(page, 'sign in (signed out)');
    await photograph(page, '27-signed-out');

    const attempt = async (who: string, password: string) => {
      await page.getByLabel('Email').fill(who);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      return alert.innerText();
    };
    const wrongPassword = await attempt(email, 'not-the-password-1');
    await page.reload();
    const unknownEmail = await attempt(`nobody.${Date.now()}@example.com`, 'not-the-password-1');
    expect(wrongPassword).toBe(unknownEmail);
    expect(wrongPassword).toContain('That email and password do not match');

    // nine more failures for this email (over HTTP, quicker), then the page says when to retry
    const http = new GqlClient(stack.server.url);
    for (let i = 0; i < 9; i++) {
      await http.request(`mutation($e: String!) { signIn(email: $e, password: "still-wrong-123") { userErrors { code } } }`, { e: email });
    }
    await page.reload();
    const limited = await attempt(email, 'gentle-morning-tide-9');
    expect(limited).toContain('Sign-in is paused');
    expect(limited).toMatch(/Try again at \d{2}:\d{2} \(in (about \d+ minutes?|\d+ seconds?)\)\./);
    await expectAccessible(page, 'sign in (limited)');
    await photograph(page, '28-sign-in-limited');
    await context.close();
  }, 120_000);

  it('the session cookie is httpOnly and SameSite; a request a cross-site page could forge is refused', async () => {
    const { page, context } = await openPortal(browser, stack.server.url);
    const { id } = await join(page, 'Cleo Cookie');
    const cookie = (await context.cookies()).find((c) => c.name === 'permission_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    // a form post (text/plain, no preflight header) with the cookie: refused before it runs
    const forged = await context.request.post(`${stack.server.url}/graphql`, {
      headers: { 'content-type': 'text/plain' },
      data: JSON.stringify({ query: 'mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }' }),
    });
    expect(forged.status()).toBe(400);
    const [{ n: events }] = await stack.app.ds.query(`SELECT count(*)::int AS n FROM consent_event WHERE influencer_id = $1`, [id]);
    expect(events).toBe(0);
    // a GET without the header: refused too
    const get = await context.request.get(`${stack.server.url}/graphql?query=${encodeURIComponent('{ exportMyData }')}`);
    expect(get.status()).toBe(400);
    // /portal without the slash is the app too
    await context.clearCookies();
    await page.goto(`${stack.server.url}/portal`);
    await page.getByRole('heading', { level: 1, name: 'Be found by brands, on your terms' }).waitFor();
    // the page's script and style sheet travel compressed
    const html = await (await context.request.get(`${stack.server.url}/portal/`)).text();
    for (const asset of html.match(/\/portal\/assets\/[^"]+\.(js|css)/g) ?? []) {
      const res = await fetch(`${stack.server.url}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('gzip');
    }
    // unknown portal paths are pages of the app, with the same headers
    const deep = await context.request.get(`${stack.server.url}/portal/some/deep/link`);
    expect(deep.status()).toBe(200);
    expect(deep.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await context.close();
  }, 60_000);
});
