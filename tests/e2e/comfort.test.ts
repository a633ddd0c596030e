/**
 * Comfortable anywhere: a phone 390 px wide (nothing cut off, the answer before the tables), a projector
 * at 1280×720 (the headline and the analyses above the fold), and light or dark chosen beside the
 * system's default and remembered.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { notebookSettled } from './harness';
import { browserSuite } from './suite';

const suite = browserSuite();

/** Wider than the window: the page scrolls sideways, something is cut off. */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const bottom = async (page: Page, testId: string) => {
  const box = await page.getByTestId(testId).boundingBox();
  return box ? box.y + box.height : Infinity;
};

describe('screens and colours', () => {
  it('works on a phone and on a projector', async () => {
    const { page, context, errors } = await suite.open();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(suite.server.url);
    await page.getByRole('button', { name: 'Load sample data' }).first().waitFor();
    expect(await sideways(page)).toBe(0);
    await page.getByRole('button', { name: 'Load sample data' }).first().click();
    await page.getByTestId('headline').waitFor({ timeout: 60_000 });
    await notebookSettled(page);
    expect(await sideways(page)).toBe(0);
    const headline = await page.getByTestId('headline').boundingBox();
    const tables = await page.getByRole('navigation', { name: 'Tables' }).boundingBox();
    expect(headline!.y).toBeLessThan(tables!.y);

    await page.setViewportSize({ width: 1280, height: 720 });
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await sideways(page)).toBe(0);
    expect(await bottom(page, 'headline')).toBeLessThanOrEqual(720);
    const menu = await page.getByRole('toolbar', { name: 'Built-in analyses' }).boundingBox();
    expect(menu!.y + menu!.height).toBeLessThanOrEqual(720);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('switches between light and dark beside the system default, and remembers the choice', async () => {
    const { page, context, errors } = await suite.open();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(suite.server.url);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const scheme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const choice = page.getByRole('combobox', { name: 'Colours' });
    expect(await choice.inputValue()).toBe('system');
    expect(await scheme()).toBe('light');
    const light = await background();

    await choice.selectOption('dark');
    expect(await scheme()).toBe('dark');
    expect(await background()).not.toBe(light);
    await page.reload();
    expect(await scheme()).toBe('dark');
    expect(await page.getByRole('combobox', { name: 'Colours' }).inputValue()).toBe('dark');

    await page.getByRole('combobox', { name: 'Colours' }).selectOption('system');
    expect(await scheme()).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(scheme).toBe('dark');
    expect(errors).toEqual([]);
    await context.close();
  });
});
