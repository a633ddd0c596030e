/** Options shared by the analysis commands, checked into typed values (bad values are usage errors). */
import { parsePeriod, type Period } from '../analyses/period';
import type { CliArgs } from './args';
import { UsageError } from './errors';
import type { Currency } from '../ingest/types';

/** `--period month|week` (default month). */
export function periodOption(args: CliArgs): Period {
  const value = args.values.period;
  if (value === undefined) return 'month';
  const period = parsePeriod(typeof value === 'string' ? value : undefined);
  if (!period) throw new UsageError(`--period must be month or week, got "${String(value)}".`);
  return period;
}

/** `--days 30,60,90`: whole numbers of days. */
export function daysOption(args: CliArgs, fallback: number[]): number[] {
  const value = args.values.days;
  if (value === undefined) return fallback;
  const parts = typeof value === 'string' ? value.split(',').map((p) => p.trim()) : [];
  const days = parts.map(Number);
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p)) || days.some((d) => d < 1)) {
    throw new UsageError(`--days expects whole numbers of days separated by commas, like 30,60,90; got "${String(value)}".`);
  }
  return days;
}

/** Money rounded to cents for printing. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * An amount of money as the text output writes it: two decimals, grouped, with the shop's currency when
 * the file said which (`EUR 1,234.50`, `$1,234.50`), and none when it did not (no currency is invented).
 */
export function moneyText(value: number, currency: Currency | null): string {
  const amount = value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (!currency) return amount;
  return currency.code ? `${currency.code} ${amount}` : `${currency.symbol}${amount}`;
}

/** A share as a percentage text. */
export function percentText(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(1)}%`;
}

/** A non-negative number given as `--name`, or `fallback` when absent. */
export function numberOption(text: string | boolean | undefined, name: string, fallback: number): number {
  if (text === undefined || typeof text === 'boolean') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${name} must be a non-negative number, got "${text}".`);
  return value;
}
