/** The languages the app, its built-in cells and its reports are written in. */
export type Lang = 'en' | 'zh-CN';

/** A text in every language the app speaks. */
export type Localized = Record<Lang, string>;
