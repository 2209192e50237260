/**
 * The browser tests' wiring: Debian's Chromium driven by playwright-core (no browser download),
 * the web app built from web/ when stale, and every request a page makes recorded (from the page
 * and its workers) so tests can assert what left the browser.
 * A missing Chromium fails the tests loudly: they never skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../..');
/**
 * Where the screenshots of each screen go: docs/screenshots/ (the README shows them) when
 * VOUCH_UPDATE_SCREENSHOTS=1, else a temporary folder — every run differs (keys, nullifiers), and a
 * test run should not leave the checkout modified.
 */
export const SCREENSHOTS =
  process.env.VOUCH_UPDATE_SCREENSHOTS === '1'
    ? join(ROOT, 'docs', 'screenshots')
    : join(tmpdir(), 'vouch-screenshots');
const CHROMIUM = process.env.VOUCH_CHROMIUM ?? '/usr/bin/chromium';

/** Builds dist/web when any file under web/ or src/ is newer than it (scripts/build-web.mjs). */
export function ensureWebBuild(): void {
  const script = `import('./scripts/build-web.mjs').then(async (m) => { if (!m.currentWeb(process.cwd())) await m.buildWeb(process.cwd(), process.cwd() + '/dist/web'); })`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the web app failed:\n${r.stderr}`);
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html')))
    throw new Error('the web build produced no dist/web/index.html');
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests need it (apt-get install -y chromium; .ci/run does this). They do not skip.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  /** When the page sent it (Date.now()). */
  at: number;
}

/** A fresh context (its own IndexedDB, localStorage and Cache Storage) whose every request is recorded. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1100, height: 900 },
  /** The browser's language (navigator.languages); Chromium's own default when absent. */
  locale?: string,
): Promise<{ context: BrowserContext; page: Page; requests: RecordedRequest[] }> {
  const context = await browser.newContext({ baseURL, viewport, acceptDownloads: true, ...(locale ? { locale } : {}) });
  const requests: RecordedRequest[] = [];
  const record = (r: Request) => {
    requests.push({ url: r.url(), method: r.method(), headers: r.headers(), body: r.postData() ?? '', at: Date.now() });
  };
  context.on('request', record);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000); // a page action that waits longer is stuck; proofs wait explicitly
  return { context, page, requests };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
