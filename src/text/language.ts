/**
 * The languages the app, its built-in cells, its load reports and its reports are written in, and the
 * one way to write a text in all of them. Every layer may import this (it imports nothing).
 */
export type Lang = 'en' | 'zh-CN';

/** A text in every language the app speaks. */
export type Localized = Record<Lang, string>;

/** The languages, in the order the switch lists them. */
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

/** A fixed text in both languages. */
export function say(en: string, zh: string): Localized {
  return { en, 'zh-CN': zh };
}

/** A text built for each language in turn (for sentences made of parts that are themselves Localized). */
export function each(build: (lang: Lang) => string): Localized {
  return { en: build('en'), 'zh-CN': build('zh-CN') };
}
