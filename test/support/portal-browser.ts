/**
 * Driving the influencer portal in a real browser: Debian's chromium through playwright-core,
 * headless, against the real server (embedded PostgreSQL). Accessibility is checked with axe-core,
 * and each page is photographed at 1280 and 375 px into test-results/portal/ (git-ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { PORTAL_DIR } from '../../src/portal/portal.route';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = path.join(__dirname, '..', '..', 'test-results', 'portal');

/**
 * Whether the browser tests can run here. Without a browser they are skipped with the reason
 * printed, except in CI (CI=true), where a missing browser fails the run.
 */
export function browserAvailable(suite: string): boolean {
  if (fs.existsSync(CHROMIUM)) {
    if (!fs.existsSync(path.join(PORTAL_DIR, 'index.html'))) {
      throw new Error(`The portal is not built (${PORTAL_DIR}/index.html is missing): run \`npm run build\` first (npm test does).`);
    }
    return true;
  }
  const why = `no browser at ${CHROMIUM} (apt-get install chromium, as .ci/run does, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`[${suite}] cannot run in CI: ${why}`);
  process.stderr.write(`[${suite}] skipped: ${why}\n`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PortalPage {
  context: BrowserContext;
  page: Page;
  /** Requests that left this machine (there must be none) and CSP violations seen. */
  external: string[];
  cspViolations: string[];
  consoleErrors: string[];
}

export async function openPortal(browser: Browser, baseUrl: string, width = 1280): Promise<PortalPage> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, locale: 'en-GB', timezoneId: 'UTC' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const external: string[] = [];
  const cspViolations: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['localhost', '127.0.0.1'].includes(u.hostname) && !['blob:', 'data:'].includes(u.protocol)) external.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') {
      consoleErrors.push(m.text());
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    }
  });
  await page.goto(`${baseUrl}/portal/`);
  await page.locator('h1').first().waitFor();
  return { context, page, external, cspViolations, consoleErrors };
}

/** Navigates inside the app (as a click on the nav would) and waits for the page's heading. */
export async function goTo(page: Page, linkName: string, heading: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: linkName, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** axe-core over the whole page: no serious or critical violation (WCAG 2.1 A and AA rules). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`);
  expect(bad).toEqual([]);
}

/** A full-page picture at 1280 px and at 375 px (same page, resized), for people to look at. */
export async function photograph(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 375, 320]) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    // usable down to 320 px: nothing wider than the screen, no sideways scrolling
    const overflow = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      return [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > vw + 1 && getComputedStyle(el).position !== 'absolute')
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    });
    expect({ page: name, width, overflow }).toEqual({ page: name, width, overflow: [] });
    if (width !== 320) await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

/** Presses Tab (at most `max` times) until `target` has the focus; fails if it never does. */
export async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  await target.waitFor({ state: 'visible' }).catch(async (err: Error) => {
    throw new Error(`${err.message}\nThe page:\n${await page.locator('main').ariaSnapshot()}`);
  });
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement, undefined, { timeout: 2_000 })) return;
    await page.keyboard.press('Tab');
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`Tab never reached ${target.toString()} (focus is on ${focused})`);
}

/** The focused element shows a visible focus indicator (an outline or a box shadow). */
export async function expectVisibleFocus(page: Page): Promise<void> {
  const style = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const s = getComputedStyle(el);
    return { outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== 'none' };
  });
  expect(style && (style.outline || style.shadow)).toBe(true);
}

/**
 * The keys that type `iso` (YYYY-MM-DD) into a native date field: its order of day, month and year
 * follows the browser's own locale, found by typing into a scratch field.
 */
export async function dateKeys(context: BrowserContext, iso: string): Promise<string> {
  const probe = await context.newPage();
  await probe.setContent('<input type="date" id="d" aria-label="probe">');
  await probe.focus('#d');
  await probe.keyboard.type('01021990');
  const value = await probe.inputValue('#d');
  await probe.close();
  const [y, m, d] = iso.split('-');
  if (value === '1990-01-02') return `${m}${d}${y}`;
  if (value === '1990-02-01') return `${d}${m}${y}`;
  throw new Error(`cannot tell the date field's order (typed 01021990, got "${value}")`);
}
