/** The current UI language as shared reactive state, with helpers that format in that language. */
import { isLang, languageFor, translate, type Lang, type MessageKey, type MessageParams } from './i18n';

const STORAGE_KEY = 'cohortbook.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    /* storage may be unavailable (private mode); fall back to the browser's language */
  }
  return languageFor(typeof navigator === 'undefined' ? null : navigator.language);
}

let lang = $state<Lang>(initialLang());

/** The language switch and the translation function every component uses. */
export const locale = {
  get lang(): Lang {
    return lang;
  },
  set lang(next: Lang) {
    lang = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* not remembered; still switched */
    }
  },
  /** Translates `key` into the current language. */
  t(key: MessageKey, params?: MessageParams): string {
    return translate(lang, key, params);
  },
  /** A number with the current language's grouping (`50,000`). */
  number(value: number, digits = 0): string {
    return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
  },
};
