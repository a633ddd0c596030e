/**
 * Shared Intl.NumberFormat instances. Building one costs tens of microseconds; a table or a tree diagram
 * formats hundreds of numbers in one render, so each (language, options) pair is built once and reused.
 */
const formats = new Map<string, Intl.NumberFormat>();

export function numberFormat(lang: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, options);
    formats.set(key, format);
  }
  return format;
}
