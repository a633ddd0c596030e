/**
 * Failures stay on their cell: a syntax error, a missing name and a dependency cycle each show a
 * located message while the other cells keep working. And nothing from data or an imported notebook
 * runs as script: Markdown, column names, values and chart specs are text or sanitised.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openData, previewGrid } from './harness';
import { browserSuite } from './suite';
import { addSqlCell, cell, importNotebook, openWithSample, settled } from './notebook-helpers';

const suite = browserSuite();

const BROKEN = `---
title: Things that go wrong
---

\`\`\`sql name=good
SELECT count(*) AS orders FROM cb_orders
\`\`\`

\`\`\`sql name=typo
SELECT customer_id,
  count(*) AS orders
FROM cb_orders
GROUP BY customer_id
ORDER BY orders DESCC
\`\`\`

\`\`\`sql name=after_typo
SELECT * FROM typo
\`\`\`

\`\`\`sql name=lost
SELECT * FROM nowhere_to_be_found
\`\`\`

\`\`\`sql name=ping
SELECT * FROM pong
\`\`\`

\`\`\`sql name=pong
SELECT * FROM ping
\`\`\`

\`\`\`sql name=still_fine
SELECT orders * 2 AS doubled FROM good
\`\`\`
`;

const PWNED = (n: number) => `window.__pwned=(window.__pwned||[]).concat(${n})`;

const EVIL_NOTEBOOK = `---
title: Hostile notebook
---

# Hello <script>${PWNED(1)}</script>

<img src=x onerror="${PWNED(2)}">

[a harmless-looking link](javascript:${PWNED(3)}) and <a href="javascript:${PWNED(4)}">raw html</a>

\`\`\`sql name=evil
SELECT '<img src=x onerror=${PWNED(5)}>' AS "<script>${PWNED(6)}</script>", 'javascript:${PWNED(7)}' AS link
\`\`\`

\`\`\`chart name=evil_chart data=evil
{
  "title": "<img src=x onerror=${PWNED(8)}>",
  "mark": "bar",
  "encoding": {
    "x": {"field": "link", "type": "nominal"},
    "href": {"field": "link", "type": "nominal"}
  }
}
\`\`\`

\`\`\`chart name=fetching data=evil
{ "data": {"url": "https://example.com/steal.csv"}, "mark": "point" }
\`\`\`
`;

/** A CSV whose header and values carry script. */
function evilCsv(): Buffer {
  const header = ['customer_id', 'order_date', 'amount', `<img src=x onerror="${PWNED(10)}">`];
  const rows: string[] = [header.map(quote).join(',')];
  for (let i = 0; i < 60; i++) {
    const id = i % 3 === 0 ? `<script>${PWNED(11)}</script>` : i % 3 === 1 ? `<img src=x onerror=${PWNED(12)}>` : `javascript:${PWNED(13)}`;
    rows.push([`${id}-${i % 7}`, `2024-0${1 + (i % 9)}-1${i % 10}`, String(10 + i), `=HYPERLINK("javascript:${PWNED(14)}")`].map(quote).join(','));
  }
  return Buffer.from(rows.join('\n') + '\n');
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null);
}

describe('failures stay on their cell', () => {
  it('shows located messages for a syntax error, a missing name and a cycle, and runs the rest', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await openWithSample(page, suite.server.url);
    await importNotebook(page, BROKEN, 'broken.cohortbook.md');
    await expect.poll(() => page.locator('[data-cell-id]').count()).toBe(7);
    await settled(page);

    expect(await cell(page, 'good').getAttribute('data-status')).toBe('ok');
    expect(await cell(page, 'still_fine').getAttribute('data-status')).toBe('ok');
    expect(await cell(page, 'still_fine').getByRole('gridcell').first().innerText()).toMatch(/^\d+$/);

    const typo = cell(page, 'typo');
    expect(await typo.getAttribute('data-status')).toBe('error');
    const typoError = typo.locator('[data-error-kind=sql]');
    expect(await typoError.locator('.message').innerText()).toContain('The SQL is not written correctly near “DESCC”.');
    expect(await typo.getByTestId('engine-message').innerText()).toMatch(/^DuckDB says: Parser Error: syntax error at or near "DESCC"/);
    expect(await typo.getByTestId('error-position').innerText()).toBe('Line 5, column 17:');
    expect(await typo.locator('[data-error-mark]').innerText()).toBe('DESCC');

    expect(await cell(page, 'after_typo').getAttribute('data-status')).toBe('stale');
    expect(await cell(page, 'after_typo').getByRole('status').innerText()).toContain('Waiting for typo to succeed');

    const lost = cell(page, 'lost').locator('[data-error-kind=missing]');
    expect(await lost.innerText()).toContain('No cell or table is named nowhere_to_be_found');
    expect(await cell(page, 'lost').getByTestId('error-position').innerText()).toMatch(/^Line 1, column \d+:$/);

    for (const name of ['ping', 'pong']) {
      const cycle = cell(page, name).locator('[data-error-kind=cycle]');
      expect(await cycle.innerText()).toMatch(/circle: (ping → pong → ping|pong → ping → pong)/);
    }

    const slow = await addSqlCell(page, 'slow', 'SELECT sum(i % 7) AS s FROM range(20000000000) t(i)');
    await page.keyboard.press('ControlOrMeta+Enter');
    const stop = slow.getByRole('button', { name: 'Stop' });
    await stop.waitFor({ timeout: 10_000 });
    expect(await slow.locator('progress').count()).toBe(1);
    const stoppedAt = Date.now();
    await stop.click();
    await expect.poll(() => slow.getAttribute('data-status'), { timeout: 10_000 }).toBe('stale');
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(await slow.getByRole('status').innerText()).toContain('Cancelled');
    await cell(page, 'still_fine').getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => cell(page, 'still_fine').getAttribute('data-run-count')).toBe('2');
    await expect.poll(() => cell(page, 'still_fine').getAttribute('data-status')).toBe('ok');
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  });
});

describe('nothing injected runs', () => {
  it('shows script in data files and imported notebooks as text', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(suite.server.url);
    await page.locator('input[type=file]').first().setInputFiles({ name: 'evil.csv', mimeType: 'text/csv', buffer: evilCsv() });
    await openData(page);
    const grid = previewGrid(page);
    await grid.waitFor({ timeout: 60_000 });
    await expect.poll(() => grid.getByRole('columnheader').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('<img src=x onerror=')]));
    await expect.poll(() => grid.getByRole('gridcell').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('<script>')]));
    await page.getByTestId('notebook').waitFor({ timeout: 60_000 });
    await settled(page);

    await importNotebook(page, EVIL_NOTEBOOK, 'evil.cohortbook.md');
    await expect.poll(() => page.locator('[data-cell-id]').count()).toBe(4);
    await settled(page);
    const prose = page.locator('[data-kind=markdown]');
    expect(await prose.first().innerText()).toContain('<script>');
    expect(await page.locator('[data-kind=markdown] script, [data-kind=markdown] img[onerror]').count()).toBe(0);
    const hrefs = await prose.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs.some((href) => href !== null && /javascript:/i.test(href))).toBe(false);
    await prose.getByText('a harmless-looking link').click();

    const evil = cell(page, 'evil');
    expect(await evil.getAttribute('data-status')).toBe('ok');
    expect(await evil.getByRole('columnheader').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('<script>')]));
    expect(await evil.getByRole('gridcell').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('<img src=x onerror=')]));
    await cell(page, 'evil_chart').locator('[data-testid=chart][data-ready=true] svg').waitFor({ timeout: 30_000 });
    expect(await cell(page, 'evil_chart').locator('svg a, svg [href], svg image').count()).toBe(0);
    expect(await cell(page, 'fetching').locator('[data-error-kind=chart]').innerText()).toContain('cannot load');

    await page.getByRole('button', { name: 'Report view' }).click();
    await page.waitForTimeout(300);
    expect(await page.locator('[data-report] script, [data-report] img[onerror]').count()).toBe(0);
    expect(await pwned(page)).toBeNull();
    expect(watched.foreign()).toEqual([]);
    await watched.context.close();
  });
});
