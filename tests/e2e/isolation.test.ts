/**
 * Issue 25: the service worker isolates the page from its second visit (it adds COOP/COEP to what it serves), and
 * an isolated page runs DuckDB's threaded build on every core. The same picked file must then give the same
 * tables: a file handle read by two threads gives no rows and no error (docs/performance.md), so this counts them.
 * The threaded build is cached on first use, so an isolated page offline runs it too.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DIST, SAMPLE_ROWS } from './harness';
import { addSqlCell, newNotebook, runCount, settled } from './notebook-helpers';
import { browserSuite } from './suite';

const suite = browserSuite();

const CHECK_SQL = `SELECT current_setting('threads') AS threads, (SELECT count(*) FROM src_shop) AS raw_rows,
  count(*) AS lines, count(DISTINCT customer_id) AS customers, round(sum(revenue), 2) AS revenue FROM cb_lines`;

/** Picks the sample's file (a File, so DuckDB gets a blob), then reads the engine's threads and the tables' counts. */
async function pickAndCount(page: Page, run: number): Promise<string[]> {
  await page.locator('input[type=file]').first().setInputFiles(path.join(DIST, 'samples/shop.csv'));
  await page.getByTestId('headline').waitFor({ timeout: 120_000 });
  await settled(page, 120_000);
  await newNotebook(page);
  const name = `check_${run}`;
  const check = await addSqlCell(page, name, CHECK_SQL);
  const runs = await runCount(page, name);
  await check.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(async () => (await runCount(page, name)) > runs && (await check.getAttribute('data-status')) === 'ok', { timeout: 60_000 }).toBe(true);
  // The grid's rows arrive a moment after the cell's status.
  await expect.poll(() => check.getByRole('columnheader').allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining(['threads', 'raw_rows', 'lines', 'customers', 'revenue'].map((c) => expect.stringContaining(c))));
  const values = () => check.getByRole('gridcell').allInnerTexts();
  await expect.poll(async () => (await values()).length, { timeout: 15_000 }).toBe(5);
  return values();
}

/** Reloads (a later visit: the service worker serves the page, isolated), then picks and counts as above. */
async function revisitAndCount(page: Page, run: number): Promise<string[]> {
  await page.reload();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByTestId('notebook').waitFor({ timeout: 60_000 });
  await settled(page, 120_000);
  return pickAndCount(page, run);
}

describe('cross-origin isolation', () => {
  it('isolates the page from the second visit, runs DuckDB on every core there, online and offline, and reads the same rows', async () => {
    const { page, context, errors, foreign } = await suite.open({ serviceWorkers: 'allow' });
    await page.goto(suite.server.url);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    const single = await pickAndCount(page, 1);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 60_000 });

    const threaded = await revisitAndCount(page, 2);

    // The threaded build was cached when first used (one binary: a new version's replaces it); offline, the next
    // visit still runs it.
    const cached = await page.evaluate(async () => (await (await caches.open('cohortbook-threaded-engine')).keys()).map((r) => r.url));
    expect(cached).toEqual([expect.stringMatching(/\/assets\/duckdb-coi-[^/]+\.wasm$/)]);
    await context.setOffline(true);
    const offline = await revisitAndCount(page, 3);
    await context.setOffline(false);

    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    console.log(`isolation: one thread ${single.join(' | ')}; isolated ${threaded.join(' | ')}; isolated offline ${offline.join(' | ')}`);
    expect(single[0]).toBe('1');
    expect(threaded[0]).toBe(String(cores > 1 ? cores : 1));
    expect(single.slice(1)).toEqual(threaded.slice(1));
    expect(offline).toEqual(threaded);
    expect(Number(single[1]!.replace(/,/g, ''))).toBe(SAMPLE_ROWS);
    expect(errors).toEqual([]);
    expect(foreign()).toEqual([]);
  });
});
