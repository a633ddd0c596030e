/** Bad files show a clear message and leave what was loaded before, and its preview, intact. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openData, reportNumber, previewGrid } from './harness';
import { browserSuite } from './suite';

const suite = browserSuite();

function goodCsv(): Buffer {
  const lines = ['order_id,customer_id,order_date,product_id,quantity,unit_price'];
  for (let i = 0; i < 300; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`A${1000 + i},cust${i % 40},2023-03-${day} 10:${String(i % 60).padStart(2, '0')}:00,P${i % 9},${(i % 3) + 1},${(5 + (i % 7)).toFixed(2)}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

function binaryBytes(): Buffer {
  const bytes = Buffer.alloc(4096);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0], 0);
  return bytes;
}

async function open(page: Page, name: string, buffer: Buffer) {
  await page.locator('input[type=file]').first().setInputFiles({ name, mimeType: 'text/csv', buffer });
}

async function noticeAfter(page: Page, name: string, buffer: Buffer): Promise<string> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  if (await dismiss.count()) await dismiss.click();
  await open(page, name, buffer);
  const alert = page.getByTestId('notice');
  await alert.waitFor({ timeout: 30_000 });
  return alert.innerText();
}

describe('bad input in the browser', () => {
  it('explains each bad file and keeps the earlier table and its preview working', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(suite.server.url);

    await open(page, 'orders.csv', goodCsv());
    await openData(page);
    const grid = previewGrid(page);
    await grid.waitFor({ timeout: 60_000 });
    expect(await grid.getAttribute('aria-rowcount')).toBe('301');
    const tables = page.getByRole('navigation', { name: 'Tables' });
    const ordersButton = tables.getByRole('button', { name: /orders/ }).first();
    await ordersButton.waitFor();
    const ordersTable = (await ordersButton.locator('.table-name').innerText()).trim();

    const empty = await noticeAfter(page, 'empty.csv', Buffer.alloc(0));
    expect(empty).toMatch(/empty/i);
    expect(empty).toContain('empty.csv');

    const binary = await noticeAfter(page, 'photo.csv', binaryBytes());
    expect(binary).toContain('photo.csv');
    expect(binary).not.toMatch(/undefined|\[object|at \w+ \(/);

    const noRoles = await noticeAfter(page, 'colours.csv', Buffer.from('colour,shade\nred,dark\nblue,light\n'));
    expect(noRoles).toMatch(/customer|date|time/i);

    // A 20 KB JSON file nested 10,000 levels deep is refused plainly, not called "too big for memory".
    const nested = await noticeAfter(page, 'deep.json', Buffer.from('['.repeat(10_000) + '1' + ']'.repeat(10_000)));
    expect(nested).toMatch(/deep\.json nests its data more than 64 levels deep/);
    expect(nested).not.toMatch(/memory/i);

    await expect.poll(() => tables.getByRole('button', { name: new RegExp(ordersTable) }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await tables.getByRole('button', { name: `Show rows of ${ordersTable}` }).click();
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('301');
    await expect.poll(() => grid.getByRole('row').count()).toBeGreaterThan(10);
    await expect.poll(() => page.getByTestId('load-report').innerText()).toContain('orders.csv');
    expect(await reportNumber(page, 'customers')).toBe(40);
    expect(watched.errors).toEqual([]);
    expect(watched.foreign()).toEqual([]);
    await watched.context.close();
  });
});
