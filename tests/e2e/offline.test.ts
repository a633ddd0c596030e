/** After one visit the app works with the network off: the service worker serves it, DuckDB and the sample. */
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openData, serveDist, tempProfile, previewGrid, type DistServer, SAMPLE_ROWS } from './harness';

let server: DistServer;
beforeAll(async () => {
  server = await serveDist();
});
afterAll(async () => {
  await server?.close();
});

describe('offline', () => {
  it('reloads and loads the sample with the network off', async () => {
    const context = await chromium.launchPersistentContext(tempProfile(), {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 60_000 });
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForFunction(
        async () => (await caches.keys()).length > 0 && (await (await caches.open((await caches.keys())[0]!)).keys()).length >= 10,
        null,
        { timeout: 60_000, polling: 500 },
      );
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await page.getByRole('button', { name: 'Load sample data' }).click();
      await openData(page);
      await previewGrid(page).waitFor({ timeout: 60_000 });
      expect(await previewGrid(page).getAttribute('aria-rowcount')).toBe(String(SAMPLE_ROWS + 1));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
