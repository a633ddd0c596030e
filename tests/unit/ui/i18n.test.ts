import { describe, expect, it } from 'vitest';
import { languageFor, translate, type MessageKey } from '../../../src/ui/i18n';
import { en } from '../../../src/ui/catalogues/en';
import { zhCN } from '../../../src/ui/catalogues/zh-CN';

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

describe('the catalogues', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('have the same keys in every language', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders for each key in every language, and leave no text empty', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
      expect(zhCN[key].trim(), key).not.toBe('');
    }
  });
});
