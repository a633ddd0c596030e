import { describe, expect, it } from 'vitest';
import { languageFor, translate } from '../../../src/ui/i18n';

describe('translate', () => {
  it('fills placeholders in either language', () => {
    expect(translate('en', 'grid.countLimited', { shown: '100', total: '250' })).toBe('first 100 of 250 rows');
    expect(translate('zh-CN', 'grid.countLimited', { shown: '100', total: '250' })).toBe('显示前 100 行，共 250 行');
  });

  it('leaves unknown placeholders visible rather than inventing text', () => {
    expect(translate('en', 'task.loading')).toBe('Loading {file}');
  });
});

describe('languageFor', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['en-GB', 'en'],
    ['de', 'en'],
    [undefined, 'en'],
  ] as const)('%s -> %s', (tag, lang) => {
    expect(languageFor(tag)).toBe(lang);
  });
});
