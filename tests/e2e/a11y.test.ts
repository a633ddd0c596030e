/**
 * Accessibility: axe-core finds no serious or critical violation on the first screen, the loaded
 * state with an analysis, a model cell and the report view; the main flow works by keyboard alone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './a11y';
import { browserSuite } from './suite';
import { cell, openWithSample, settled } from './notebook-helpers';

const suite = browserSuite();

/** The focused element's accessible text (its label, or its text). */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
  });
}

/** Presses Tab until the element named `name` has the focus (at most `limit` presses). */
async function tabTo(page: Page, name: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)) === name) return;
  }
  throw new Error(`"${name}" not reached with ${limit} Tab presses; focus is on "${await focused(page)}"`);
}

describe('accessibility', () => {
  it('has no serious or critical axe violation on the main views', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(suite.server.url);
    await page.getByRole('button', { name: 'Load sample data' }).waitFor();
    const found: Record<string, unknown> = { first: await seriousViolations(page) };
    await openWithSample(page, suite.server.url);
    await page.getByRole('toolbar', { name: 'Built-in analyses' }).getByRole('button', { name: 'Cohort retention', exact: true }).click();
    await cell(page, 'cohort_retention').waitFor();
    await settled(page);
    found.loaded = await seriousViolations(page);
    await cell(page, 'churn_scores').scrollIntoViewIfNeeded();
    found.model = await seriousViolations(page);
    await page.getByRole('button', { name: 'Report view' }).click();
    found.report = await seriousViolations(page);
    console.log(JSON.stringify(found, null, 1));
    expect(found).toEqual({ first: [], loaded: [], model: [], report: [] });
    await watched.context.close();
  });

  it('works by keyboard alone: load the sample, skip to the analyses, run one, read its result', async () => {
    const { page, context, errors } = await suite.open();
    await page.goto(suite.server.url);
    await tabTo(page, 'Load sample data');
    await page.keyboard.press('Enter');
    await page.getByTestId('headline').waitFor({ timeout: 60_000 });
    await settled(page);

    await page.mouse.click(4, 4); // the start of the page: the next Tab goes to the first stop
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Skip to the analyses');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('analyses');
    await tabTo(page, 'Cohort retention', 12);
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 'cohort_retention').getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
    await settled(page);
    await cell(page, 'cohort_heatmap').locator('[data-testid=chart][data-ready=true]').waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
