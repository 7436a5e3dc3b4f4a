/**
 * Verifying an account in the portal, in a real browser against the real server and a local
 * server standing in for the platform's profile pages: a handle an impostor claimed first is
 * contested and hidden; the owner gets a code, is told clearly while it is not on the page, puts
 * it in the bio, verifies; the impostor is told in their portal. Screenshots at 1280 and 375 px.
 */
import type { Browser, Page } from 'playwright-core';
import { createTestStack, GqlClient, type TestStack } from '../support/test-app';
import { browserAvailable, expectAccessible, goTo, launchBrowser, openPortal, photograph } from '../support/portal-browser';
import { FakePlatform, profilePage } from '../support/fake-platform';
import { join } from '../support/join';

const available = browserAvailable('portal verification browser test');
const PASSWORD = 'gentle-morning-tide-9';
const HANDLE = 'lena_moves';
const FIND = `query($q: String) { searchInfluencers(query: $q, first: 20) { edges { node { id accounts { handle verified } } } } }`;

(available ? describe : describe.skip)('the influencer portal: verifying an account, and the owner wins', () => {
  let stack: TestStack;
  let browser: Browser;
  const platform = new FakePlatform();
  beforeAll(async () => {
    await platform.start();
    stack = await createTestStack({
      env: {
        PROFILE_BASE_URL_INSTAGRAM: `http://127.0.0.1:${platform.port}/profile/`,
        VERIFY_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${platform.port}`,
        VERIFY_FETCHES_PER_MINUTE: '100000',
      },
    });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await platform.close();
  });

  async function signIn(page: Page, email: string) {
    await page.goto(`${stack.server.url}/portal/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
  }
  async function person(email: string, name: string): Promise<{ c: GqlClient; id: string }> {
    const c = new GqlClient(stack.server.url);
    const { id } = await join(c, { email, password: PASSWORD, displayName: name, birthDate: '1993-05-06' });
    await c.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    return { c, id };
  }
  const finds = async (q: string) => {
    const r = await stack.agency.request(FIND, { q });
    expect(r.errors).toBeUndefined();
    return r.data.searchInfluencers.edges.map((e: { node: { id: string } }) => e.node.id) as string[];
  };

  it('a contested handle is verified through the page, and the impostor is told', async () => {
    // the impostor claimed it first, and is listed under it
    const impostor = await person('impostor@example.com', 'Not Lena');
    const claimed = await impostor.c.request(`mutation($i: SocialAccountInput!) { connectSocialAccount(input: $i) { userErrors { code } } }`, {
      i: { platform: 'INSTAGRAM', handle: HANDLE, followers: 900_000 },
    });
    expect(claimed.data.connectSocialAccount.userErrors).toEqual([]);
    await stack.app.indexer.drain();
    expect(await finds(HANDLE)).toContain(impostor.id);

    const owner = await person('lena@example.com', 'Lena Moves');
    const { page, context, external, cspViolations } = await openPortal(browser, stack.server.url);
    await signIn(page, 'lena@example.com');
    await goTo(page, 'Accounts', 'Your accounts');
    await page.getByLabel('Network').selectOption('INSTAGRAM');
    await page.getByLabel('Handle').fill(HANDLE);
    await page.getByLabel(/^Followers/).fill('48000');
    await page.getByRole('button', { name: 'Connect account' }).click();
    const card = page.getByTestId('account').filter({ hasText: `@${HANDLE}` });
    await card.getByText('Contested · hidden until verified').waitFor();
    await card.getByText('Someone else claimed this handle first').waitFor();
    await card.getByText('Not verified').waitFor();
    await expectAccessible(page, 'accounts, contested');
    await photograph(page, 'accounts-contested');

    // the walk-through: a code, then a check that fails clearly while the code is not on the page
    await card.getByRole('button', { name: /^Get a verification code/ }).click();
    const code = (await card.getByTestId('verification-code').innerText()).trim();
    expect(code).toMatch(/^PERM-[A-Z0-9]{8}$/);
    await card.getByText('Verification started').waitFor();
    platform.pages.set(HANDLE, profilePage('Dancer in Berlin. Booking: hello@lena.example'));
    await card.getByRole('button', { name: /^Check my profile/ }).click();
    await card.getByTestId('verification-problem').getByText(/The code is not on your public profile yet/).waitFor();
    await expectAccessible(page, 'accounts, code not found');
    await photograph(page, 'accounts-verify-code');

    // the code in the bio: verified, and the impostor is gone from the very next search
    platform.pages.set(HANDLE, profilePage(`Dancer in Berlin. ${code}`));
    await card.getByRole('button', { name: /^Check my profile/ }).click();
    await card.getByText('Verified · yours').waitFor();
    await card.getByTestId('verification').getByText(/^Verified on .* by a code in your profile; valid until/).waitFor();
    await card.getByText('Public · agencies see it when you are listed').waitFor();
    const ids = await finds(HANDLE);
    expect(ids).toContain(owner.id);
    expect(ids).not.toContain(impostor.id);
    await goTo(page, 'Overview', /^Hello/);
    await page.getByTestId('listing-status').getByText('Listed', { exact: true }).waitFor();
    await goTo(page, 'Accounts', 'Your accounts');
    await expectAccessible(page, 'accounts, verified');
    await photograph(page, 'accounts-verified');
    expect(external).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();

    // the impostor is told, once, on their overview
    const other = await openPortal(browser, stack.server.url, 375);
    await signIn(other.page, 'impostor@example.com');
    const notice = other.page.getByTestId('notices');
    await notice.getByText(`The owner of @${HANDLE} on Instagram proved it is theirs`).waitFor();
    await expectAccessible(other.page, 'overview, claim removed');
    await photograph(other.page, 'notice-claim-removed');
    await notice.getByRole('button', { name: 'Got it' }).click();
    await notice.waitFor({ state: 'detached' });
    await goTo(other.page, 'Accounts', 'Your accounts');
    await other.page.getByText('No account connected yet.').waitFor();
    await other.context.close();
  });

  it('coming back from a sign-in with the platform says how it went', async () => {
    const { page, context } = await openPortal(browser, stack.server.url);
    await signIn(page, 'lena@example.com');
    await page.goto(`${stack.server.url}/portal/accounts?verifyError=OAUTH_FAILED`);
    await page.getByText('Signing in with the platform did not verify the account').waitFor();
    await page.goto(`${stack.server.url}/portal/accounts?verified=1`);
    await page.getByText('Verified by signing in with the platform.').waitFor();
    await context.close();
  });
});
