/** Steps the notebook tests share: load the sample, find cells by name, type SQL, read downloads. */
import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { notebookSettled } from './harness';

/** Opens the app, loads the sample data and waits until the tour has run. */
export async function openWithSample(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByTestId('notebook').waitFor({ timeout: 60_000 });
  await settled(page);
}

/** Waits until no run is pending and no cell is queued, running or not yet run. */
export const settled = notebookSettled;

/** The cell named `name`. */
export function cell(page: Page, name: string): Locator {
  return page.locator(`[data-cell-id][data-name="${name}"]`);
}

/** How many times the runner executed the cell `name`. */
export async function runCount(page: Page, name: string): Promise<number> {
  return Number(await cell(page, name).getAttribute('data-run-count'));
}

/** Run counts of several cells at once. */
export async function runCounts(page: Page, names: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = await runCount(page, name);
  return counts;
}

/** Starts a new empty notebook from the notebook list. */
export async function newNotebook(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Notebooks' }).click();
  await page.getByRole('button', { name: 'New notebook' }).click();
  await expect.poll(() => page.locator('[data-cell-id]').count()).toBe(0);
}

/** Adds a SQL cell at the end, names it and sets its text (not run). */
export async function addSqlCell(page: Page, name: string, sql: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add a SQL cell' }).click();
  const added = page.locator('[data-cell-id]').last();
  await rename(added, name);
  await setSql(page, name, sql);
  return cell(page, name);
}

/** Renames a cell through its name field. */
export async function rename(target: Locator, name: string): Promise<void> {
  const field = target.getByRole('textbox', { name: /Result name/ });
  await field.fill(name);
  await field.press('Enter');
  await expect.poll(() => target.getAttribute('data-name')).toBe(name);
}

/** Replaces the SQL of the cell `name` as if typed (one input event). */
export async function setSql(page: Page, name: string, sql: string): Promise<void> {
  const editor = cell(page, name).locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(sql);
  await expect.poll(() => sqlOf(page, name)).toBe(sql);
}

/** The SQL text shown in the editor of cell `name`. */
export async function sqlOf(page: Page, name: string): Promise<string> {
  return cell(page, name)
    .locator('.cm-content')
    .evaluate((el) => [...el.querySelectorAll('.cm-line')].map((line) => line.textContent ?? '').join('\n'));
}

/** Clicks `trigger` and returns the text of the file the page downloads. */
export async function downloadText(page: Page, trigger: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), trigger()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

/** Opens `text` as a `.cohortbook.md` file through "Open notebook". */
export async function importNotebook(page: Page, text: string, name = 'imported.cohortbook.md'): Promise<void> {
  await page.getByTestId('open-notebook-input').setInputFiles({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
}

/** The notebook's cells as kind and name, in order. */
export async function outline(page: Page): Promise<string[]> {
  return page.locator('[data-cell-id]').evaluateAll((cells) => cells.map((c) => `${(c as HTMLElement).dataset.kind}:${(c as HTMLElement).dataset.name ?? ''}`));
}
