/** One static server and one Chromium per test file: started before its tests, stopped after them. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, serveDist, watchedPage, type DistServer, type WatchedPage } from './harness';

/** The running server and browser of a test file, and fresh watched pages on them. */
export interface BrowserSuite {
  readonly server: DistServer;
  readonly browser: Browser;
  /** A fresh context and page that record requests and errors (see watchedPage). */
  open(options?: Parameters<typeof watchedPage>[2]): Promise<WatchedPage>;
}

/** Registers the file's beforeAll/afterAll that start and stop the server and Chromium. */
export function browserSuite(): BrowserSuite {
  let server: DistServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await serveDist();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The browser suite is not started: use it inside a test.');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    open: (options) => watchedPage(started(browser), started(server).origin, options),
  };
}
