import { source as AXE_SOURCE } from 'axe-core';
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT, startTestHub, type TestHub, type TestHubOptions } from '../support/hub';

/** Where the dashboard suites keep their screenshots. */
export const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'dashboard');

/** What a dashboard suite may set on its hub: a connector's settings (env), a clock it moves. */
export type DashboardHubOptions = Pick<TestHubOptions, 'env' | 'clock'>;

/**
 * What a dashboard suite runs against: the dashboard built from the sources under test, a server-mode hub serving
 * it on 127.0.0.1, and headless Chromium.
 */
export async function startDashboardHub(
  options: DashboardHubOptions = {},
): Promise<{ hub: TestHub; baseUrl: string; browser: Browser }> {
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'apps/hub/dashboard/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  await mkdir(SCREENSHOTS, { recursive: true });
  const hub = await startTestHub({ mode: 'server', ...options });
  const baseUrl = `http://127.0.0.1:${(hub.app.getHttpServer().address() as AddressInfo).port}`;
  return { hub, baseUrl, browser: await launchChromium() };
}

/** What a dashboard suite's tests reach: filled before its first test, closed after its last. */
export interface DashboardSuite {
  hub: TestHub;
  baseUrl: string;
  browser: Browser;
}

/** Starts the dashboard hub and Chromium for the describe block it is called in, and closes both after it. */
export function dashboardSuite(options: DashboardHubOptions = {}): DashboardSuite {
  const suite = {} as DashboardSuite;
  beforeAll(async () => {
    Object.assign(suite, await startDashboardHub(options));
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.hub?.close();
  });
  return suite;
}

/**
 * A page in a browser context that carries the account's session cookie, as after signing in; the browser speaks
 * `locale` (English unless a test asks for another).
 */
export async function signedInPage(
  suite: DashboardSuite,
  cookie: string,
  viewport?: { width: number; height: number },
  locale?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await suite.browser.newContext({ baseURL: suite.baseUrl, viewport, locale });
  const separator = cookie.indexOf('=');
  await context.addCookies([
    { name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: suite.baseUrl },
  ]);
  return { context, page: await context.newPage() };
}

// Run inside the page (tests are type-checked without the DOM library, so they are plain JavaScript).
/** Accessibility basics the whole dashboard keeps: every image has alt text, every control a label, one main, one h1. */
const ACCESSIBILITY_PROBLEMS = `(() => {
  const problems = [];
  for (const image of document.querySelectorAll('img')) {
    if (!(image.getAttribute('alt') || '').trim()) problems.push('img without alt: ' + image.src);
  }
  for (const control of document.querySelectorAll('input, textarea, select')) {
    if (control.type === 'hidden') continue;
    const labelled = (control.labels && control.labels.length > 0) || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby');
    if (!labelled) problems.push('control without label: ' + control.outerHTML.slice(0, 120));
  }
  if (!document.querySelector('main')) problems.push('no main landmark');
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  return problems;
})()`;

const FOCUSED_ELEMENT = `(() => {
  const element = document.activeElement;
  return { tag: element ? element.tagName : '', id: element ? element.id : '', outline: element ? getComputedStyle(element).outlineStyle : '' };
})()`;

export const accessibilityProblems = (page: Page): Promise<string[]> => page.evaluate<string[]>(ACCESSIBILITY_PROBLEMS);
export const focusedElement = (page: Page): Promise<{ tag: string; id: string; outline: string }> =>
  page.evaluate(FOCUSED_ELEMENT);

/**
 * What axe-core finds against WCAG 2.1 A and AA in the part of the page `selector` names, one line per rule broken:
 * `rule (impact): the elements`. Evaluated through the browser's DevTools protocol, so the hub's CSP stays as it is.
 */
export async function axeViolations(page: Page, selector: string): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate<string[]>(`axe
    .run(${JSON.stringify(selector)}, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((results) => results.violations.map((violation) =>
      violation.id + ' (' + violation.impact + '): ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')))`);
}

/** Waits until a locator matches exactly n elements. */
export async function expectCount(locator: ReturnType<Page['locator']>, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} elements, found ${await locator.count()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Corrects the alt text on an image's page as a person does, and waits for the page to say it is saved and kept. */
export async function editAltTextOnPage(page: Page, altText: string): Promise<void> {
  await page.getByLabel('Alt text').fill(altText);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Saved. Your edits are kept').waitFor();
  await page.getByText('(edited by you)').waitFor();
}
