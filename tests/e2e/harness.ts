/**
 * Browser test harness: serves the built dist/ under /cohortbook/ (a sub-path, like GitHub Pages) on
 * 127.0.0.1, and drives the system Chromium with playwright-core. It records every request and page
 * error, so a test can fail on any request to another origin.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ISOLATION_HEADERS } from '../../workers/service/isolation';

export const PREFIX = '/cohortbook/';
export const DIST = path.resolve('dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv',
};

/** A static server for `dist` under PREFIX. */
export interface DistServer {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves `dist` under PREFIX on a random port; fails clearly when the app was not built. With `isolate`, every
 * response carries the cross-origin isolation headers, as the service worker adds them from a second visit on.
 */
export async function serveDist(dist = DIST, options: { isolate?: boolean } = {}): Promise<DistServer> {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html is missing: run \`npm run build\` before the browser tests.`);
  }
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    if (!pathname.startsWith(PREFIX)) return void res.writeHead(404).end('outside the sub-path');
    let file = path.join(dist, decodeURIComponent(pathname.slice(PREFIX.length)) || 'index.html');
    if (!file.startsWith(dist)) return void res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', ...(options.isolate ? ISOLATION_HEADERS : {}) });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin + PREFIX,
    origin,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Launches headless Chromium with the flags that avoid hangs on a closed network (PLATFORM.md). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page with everything it requested and every error it raised. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  requests: string[];
  /** Requests to anything but `origin` (data: and blob: URLs are local). */
  foreign(): string[];
  errors: string[];
  /** Console errors (CSP violations show up here, not as page errors). */
  consoleErrors: string[];
}

/** Opens a fresh context and page that record requests and page errors. */
export async function watchedPage(browser: Browser, origin: string, options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: 'en-US',
    serviceWorkers: options.serviceWorkers ?? 'block',
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  context.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    requests,
    errors,
    consoleErrors,
    foreign: () => requests.filter((url) => !url.startsWith(origin + '/') && !/^(data|blob):/.test(url)),
  };
}

/**
 * The longest main-thread task an e2e test accepts. Ten times the 50 ms responsiveness budget: a timed
 * assertion near the budget is a coin toss on a shared 2-core CI machine, while a real regression (a
 * synchronous parse, a chart drawn on the page) still trips this. The 50 ms budget itself is measured,
 * with its spread over runs, by `npm run bench`.
 */
export const LONG_TASK_TRIPWIRE_MS = 500;

/** Rows of the built-in sample (`npm run samples -- --lines 50000 --seed 7 --anomalies`, package.json's prebuild). */
export const SAMPLE_ROWS = 50_081;

/** Reads a number shown with grouping (`50,081`) from the load report's stat `id`. */
export async function reportNumber(page: Page, id: string): Promise<number> {
  const text = await page.locator(`[data-stat="${id}"] dd`).innerText();
  return Number(text.replace(/[^\d.-]/g, ''));
}

/** A temporary directory for a persistent profile. */
export function tempProfile(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-e2e-'));
}

/**
 * Waits for a load to finish and opens the Data section (load report, rows, column roles), which folds
 * under a one-line summary after a clean load (the answer comes first).
 */
export async function openData(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('[data-testid=load-summary], [data-testid=load-report]').first().waitFor({ timeout });
  const toggle = page.locator('#data-title button');
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  await page.getByTestId('load-report').waitFor({ timeout });
}

/** The data panel's grid (the rows of the selected table); notebook cells have grids of their own. */
export function previewGrid(page: Page) {
  return page.getByTestId('preview').getByRole('grid');
}

/**
 * Resolves once the notebook is idle: no run pending, and no cell queued, running or not yet run
 * (plain Playwright, so the bench can use it too).
 */
export async function notebookSettled(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const notebook = document.querySelector<HTMLElement>('[data-testid=notebook]');
      const cells = [...document.querySelectorAll<HTMLElement>('[data-cell-id]')].filter((c) => c.dataset.kind !== 'markdown');
      return !!notebook && notebook.dataset.busy === undefined && cells.every((c) => !['queued', 'running', 'idle'].includes(c.dataset.status ?? ''));
    },
    null,
    { timeout, polling: 200 },
  );
}
