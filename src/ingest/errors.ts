/** A problem with the user's file, phrased for the user: what happened and what to do. */
import type { Localized } from '../text/language';

export class IngestError extends Error {
  /** The message in every language (the Error's own message is the English one). */
  readonly text: Localized;

  /** A plain string is the same in every language (an error rebuilt from a worker gets its `text` back after). */
  constructor(text: Localized | string, options?: { cause?: unknown }) {
    const localized = typeof text === 'string' ? { en: text, 'zh-CN': text } : text;
    super(localized.en, options);
    this.name = 'IngestError';
    this.text = localized;
  }
}
