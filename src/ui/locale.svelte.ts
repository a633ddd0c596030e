/** The current UI language as shared reactive state, with helpers that format in that language. */
import { isLang, languageFor, translate, type Lang, type MessageKey, type MessageParams } from './i18n';
import { numberFormat } from '../text/number-format';

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
    return numberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
  },
  /** A size in bytes as people read it (`1.2 MB`). */
  bytes(value: number): string {
    const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit += 1;
    }
    return numberFormat(lang, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  },
};
