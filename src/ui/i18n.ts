/** The app's words in the user's language: one catalogue per language (src/ui/catalogues/), keys checked by the compiler and a test. */

import type { Lang } from '../text/language';
import { en, type Dictionary, type MessageKey } from './catalogues/en';
import { zhCN } from './catalogues/zh-CN';

export type { Lang, MessageKey };

export const LANGS: { id: Lang; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'zh-CN', label: '中文' },
];


const DICTIONARIES: Record<Lang, Dictionary> = { en, 'zh-CN': zhCN };

/** Parameters substituted into `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

/** The text of `key` in `lang` with `{name}` placeholders filled in. */
export function translate(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  const template = DICTIONARIES[lang][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** Picks the UI language from a BCP 47 tag such as `navigator.language`. */
export function languageFor(tag: string | undefined | null): Lang {
  return tag && /^zh\b/i.test(tag) ? 'zh-CN' : 'en';
}

/** Whether `value` names a supported language. */
export function isLang(value: unknown): value is Lang {
  return LANGS.some((l) => l.id === value);
}
