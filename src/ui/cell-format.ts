/**
 * Turns one Arrow value into the text a grid cell shows. Pure and runtime-free of Arrow (type ids are
 * the stable numbers of the Arrow format), so the first-paint bundle does not carry Arrow.
 */
import type { Currency } from '../ingest/types';
import type { Lang } from '../text/language';
import { formatNumber, type NumberMeaning } from './number-meaning';

/** Arrow's `Type` ids this module distinguishes (Schema.fbs). */
const TYPE = { Int: 2, Float: 3, Decimal: 7, Date: 8, Time: 9, Timestamp: 10 } as const;

/** The parts of an Arrow DataType the formatter reads. */
export interface CellType {
  typeId: number;
  scale?: number;
  unit?: number;
}

/** How a column's cells align: numbers to the right. */
export function isNumericType(type: CellType): boolean {
  return type.typeId === TYPE.Int || type.typeId === TYPE.Float || type.typeId === TYPE.Decimal;
}

/** How numbers of a column are shown (number-meaning.ts); without it they are shown as stored. */
export interface NumberDisplay {
  meaning: NumberMeaning;
  lang: Lang;
  currency?: Currency | null;
}

/** Formats `value` of Arrow type `type` as display text; null becomes the empty string. */
export function formatCell(value: unknown, type: CellType, display?: NumberDisplay): string {
  if (value === null || value === undefined) return '';
  if (display && isNumericType(type)) {
    const number = type.typeId === TYPE.Decimal ? Number(formatDecimal(String(value), type.scale ?? 0)) : Number(value);
    if (Number.isFinite(number) && (typeof value !== 'bigint' || Number.isSafeInteger(number))) {
      return formatNumber(number, display.meaning, display.lang, display.currency);
    }
  }
  switch (type.typeId) {
    case TYPE.Timestamp:
      return typeof value === 'number' ? formatTimestamp(value) : String(value);
    case TYPE.Date:
      return typeof value === 'number' ? formatTimestamp(value).slice(0, 10) : String(value);
    case TYPE.Decimal:
      return formatDecimal(String(value), type.scale ?? 0);
    case TYPE.Time:
      return formatTime(value, type.unit ?? 2);
    case TYPE.Float:
      return typeof value === 'number' ? formatFloat(value) : String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value, bigintSafe) ?? String(value) : String(value);
  }
}

/** Milliseconds since the epoch as `YYYY-MM-DD HH:MM:SS[.mmm]` wall time (DuckDB TIMESTAMPs carry no zone). */
export function formatTimestamp(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const iso = new Date(ms).toISOString();
  const text = iso.slice(0, 10) + ' ' + iso.slice(11, 23);
  return text.endsWith('.000') ? text.slice(0, -4) : text;
}

function formatDecimal(digits: string, scale: number): string {
  if (scale <= 0) return digits;
  const negative = digits.startsWith('-');
  const body = (negative ? digits.slice(1) : digits).padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${body.slice(0, -scale)}.${body.slice(-scale)}`;
}

const UNITS_PER_SECOND = [1, 1e3, 1e6, 1e9];

function formatTime(value: unknown, unit: number): string {
  const perSecond = UNITS_PER_SECOND[unit] ?? 1e6;
  const seconds = Number(value) / perSecond;
  if (!Number.isFinite(seconds)) return String(value);
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${pad(seconds / 3600)}:${pad((seconds % 3600) / 60)}:${pad(seconds % 60)}`;
}

function formatFloat(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Math.round(value * 1e6) / 1e6);
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
