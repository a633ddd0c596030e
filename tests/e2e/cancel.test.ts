/** A long load shows a progress bar after a second; Cancel stops it and keeps what was loaded before. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, writeSamples } from '../../samples/generate';
import { openData, previewGrid, SAMPLE_ROWS } from './harness';
import { browserSuite } from './suite';

const suite = browserSuite();
let bigFile: string;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-big-'));
  writeSamples(parseArgs(['--lines', '1000000', '--seed', '3', '--out', dir, '--name', 'big']));
  bigFile = path.join(dir, 'big.csv');
});
afterAll(() => {
  if (bigFile) fs.rmSync(path.dirname(bigFile), { recursive: true, force: true });
});

describe('cancelling a long load', () => {
  it('shows progress with Cancel, and cancelling leaves the earlier file loaded', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(suite.server.url);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await openData(page);
    await previewGrid(page).waitFor({ timeout: 60_000 });

    await page.locator('input[type=file]').first().setInputFiles(bigFile);
    const cancel = page.getByRole('button', { name: 'Cancel' });
    await cancel.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('task-progress').locator('progress').count()).toBe(1);
    await cancel.click();

    await expect.poll(() => page.getByRole('status').filter({ hasText: 'cancelled' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'cancelled' }).innerText()).toContain('big.csv');
    expect(await page.getByTestId('load-report').innerText()).toContain('shop.csv');
    await page.getByRole('button', { name: /Show rows of src_shop/ }).first().click();
    await expect.poll(() => previewGrid(page).getAttribute('aria-rowcount')).toBe(String(SAMPLE_ROWS + 1));
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  });
});
