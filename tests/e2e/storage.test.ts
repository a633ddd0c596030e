/**
 * What the browser keeps: a notebook remembers its own dataset and a reload brings back that data
 * only; "Erase everything" leaves IndexedDB, the private file system and the caches empty, as the
 * browser's own APIs report them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DIST, notebookSettled } from './harness';
import { browserSuite } from './suite';

const suite = browserSuite();

/** A second export: the sample's first 4,000 lines under another name. */
function springExport(): Buffer {
  const lines = fs.readFileSync(path.join(DIST, 'samples', 'shop.csv'), 'utf8').split('\n');
  return Buffer.from(lines.slice(0, 4001).join('\n') + '\n');
}

/** The browser's own count of what the origin keeps. */
function kept(page: Page): Promise<{ databases: string[]; opfs: string[]; caches: string[] }> {
  return page.evaluate(async () => {
    const opfs: string[] = [];
    for await (const [name] of (await navigator.storage.getDirectory()) as unknown as AsyncIterable<[string]>) opfs.push(name);
    return {
      databases: (await indexedDB.databases()).map((db) => db.name ?? ''),
      opfs,
      caches: await caches.keys(),
    };
  });
}

/** The tables in the sidebar that hold a loaded file's rows. */
async function fileTables(page: Page): Promise<string[]> {
  const rows = page.locator('nav.tables li').filter({ has: page.locator('.badge', { hasText: /^loaded file/ }) });
  return (await rows.locator('.table-name').allInnerTexts()).sort();
}

describe('what this browser keeps', () => {
  it('restores only the open notebook’s data after a reload, and erases everything on request', async () => {
    const { page, context, errors } = await suite.open({ serviceWorkers: 'allow' });
    await page.goto(suite.server.url);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.getByTestId('load-summary').waitFor({ timeout: 60_000 });
    await notebookSettled(page);

    await page.getByLabel('Open data files').first().setInputFiles({ name: 'spring.csv', mimeType: 'text/csv', buffer: springExport() });
    await expect.poll(() => page.locator('#data-title .file').innerText(), { timeout: 60_000 }).toBe('spring.csv');
    await expect.poll(() => fileTables(page)).toEqual(['src_shop', 'src_spring']);
    await notebookSettled(page);

    await page.getByRole('button', { name: 'Notebooks', exact: true }).click();
    const current = page.locator('li.current [data-testid=notebook-data]');
    await expect.poll(() => current.innerText()).toMatch(/^Data: spring\.csv \([\d.]+ kB\)$/);
    // shop.csv was replaced by spring.csv and no notebook uses it: its copy is let go.
    await expect.poll(() => page.getByTestId('kept-files').locator('li .name').allInnerTexts()).toEqual(['spring.csv']);

    await page.waitForTimeout(600);
    await page.reload();
    await page.getByTestId('notebook').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('#data-title .file').innerText(), { timeout: 60_000 }).toBe('spring.csv');
    await notebookSettled(page);
    await page.getByTestId('headline').waitFor({ timeout: 60_000 });
    expect(await fileTables(page)).toEqual(['src_spring']);
    expect(await page.getByTestId('load-summary').innerText()).toMatch(/^4,000 rows read/);

    // The offline copy is in place before erasing, so the erase has something to prove.
    await expect.poll(async () => (await kept(page)).caches.length, { timeout: 60_000 }).toBeGreaterThan(0);
    const before = await kept(page);
    expect(before.databases).toEqual(expect.arrayContaining(['cohortbook-notebooks']));
    expect(before.opfs.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Notebooks', exact: true }).click();
    await page.getByRole('button', { name: 'Erase everything' }).click();
    await page.getByRole('button', { name: 'Yes, erase everything' }).click();
    await page.getByTestId('erased').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('erased').innerText()).toContain('This browser keeps nothing of Cohortbook now');
    expect(await kept(page)).toEqual({ databases: [], opfs: [], caches: [] });
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await page.waitForTimeout(800);
    expect(await kept(page)).toEqual({ databases: [], opfs: [], caches: [] });

    // Starting again is a first visit: the tour, no data.
    await page.getByRole('button', { name: 'Start again' }).click();
    await page.getByRole('button', { name: 'Load sample data' }).waitFor({ timeout: 60_000 });
    expect(await fileTables(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
