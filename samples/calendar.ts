/**
 * The shop's calendar: one entry per day of the simulated period with its shopping intensity
 * (yearly and weekly seasonality, Black Friday to Cyber Monday), the growth of new-customer
 * arrivals, and fast wall-clock text for timestamps. Times are whole seconds since the start day.
 */
import { cumulate, type Random } from './random';

const DAY_MS = 86_400_000;
/** Seconds in a day. */
export const DAY_SECONDS = 86_400;

const MONTH_FACTOR = [0.85, 0.82, 0.92, 0.95, 0.98, 0.9, 0.85, 0.86, 0.98, 1.05, 1.42, 1.5];
const WEEKDAY_FACTOR = [1.18, 1.1, 1.0, 0.98, 0.95, 0.86, 0.9]; // Sunday first
const HOUR_WEIGHT = [
  1.2, 0.7, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 2.4, 3.0, 3.4, 3.6, 3.8, 3.6, 3.4, 3.4, 3.6, 4.0, 4.6, 5.4,
  6.0, 5.8, 4.4, 2.6,
];
const HOUR_CUMULATIVE = cumulate(HOUR_WEIGHT);
const ANNUAL_GROWTH = 1.45;

/** Per-day tables for a simulated period. */
export interface Calendar {
  /** Epoch milliseconds of the first day, 00:00 wall time. */
  startMs: number;
  /** Number of days. */
  days: number;
  /** `YYYY-MM-DD` per day. */
  dateText: string[];
  /** Relative shopping intensity per day (mean about 1). */
  intensity: Float64Array;
  /** Cumulative intensity at each day boundary (length days + 1). */
  cumulativeIntensity: Float64Array;
  /** Cumulative arrival weight per day (intensity × growth). */
  arrivalCumulative: Float64Array;
  /** 1 on Black Friday to Cyber Monday (sale prices). */
  saleDay: Uint8Array;
}

/** Builds the calendar for `years` calendar years from `start` (`YYYY-MM-DD`). */
export function buildCalendar(start: string, years: number): Calendar {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  if (!match) throw new Error(`The start date "${start}" is not in YYYY-MM-DD form.`);
  const [y, m, d] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const startMs = Date.UTC(y, m, d);
  const days = Math.round((Date.UTC(y + years, m, d) - startMs) / DAY_MS);
  const dateText: string[] = new Array(days);
  const intensity = new Float64Array(days);
  const arrival = new Float64Array(days);
  const saleDay = new Uint8Array(days);
  for (let i = 0; i < days; i++) {
    const date = new Date(startMs + i * DAY_MS);
    dateText[i] = date.toISOString().slice(0, 10);
    const sale = isSaleDay(date);
    saleDay[i] = sale ? 1 : 0;
    intensity[i] = MONTH_FACTOR[date.getUTCMonth()]! * WEEKDAY_FACTOR[date.getUTCDay()]! * holidayFactor(date, sale);
    arrival[i] = intensity[i]! * Math.pow(ANNUAL_GROWTH, i / 365.25);
  }
  const cumulativeIntensity = new Float64Array(days + 1);
  for (let i = 0; i < days; i++) cumulativeIntensity[i + 1] = cumulativeIntensity[i]! + intensity[i]!;
  return { startMs, days, dateText, intensity, cumulativeIntensity, arrivalCumulative: cumulate(arrival), saleDay };
}

function isSaleDay(date: Date): boolean {
  if (date.getUTCMonth() !== 10 && date.getUTCMonth() !== 11) return false;
  const year = date.getUTCFullYear();
  const firstThursday = 1 + ((4 - new Date(Date.UTC(year, 10, 1)).getUTCDay() + 7) % 7);
  const blackFriday = Date.UTC(year, 10, firstThursday + 22);
  const offset = (date.getTime() - blackFriday) / DAY_MS;
  return offset >= 0 && offset <= 3;
}

function holidayFactor(date: Date, sale: boolean): number {
  if (sale) return 2.2;
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  if (month === 11 && day >= 24) return 0.7;
  if (month === 11 && day <= 18) return 1.15;
  return 1;
}

/** Day on which a new customer arrives (first purchase), following seasonality and growth. */
export function sampleArrivalDay(calendar: Calendar, random: Random): number {
  return random.pickCumulative(calendar.arrivalCumulative);
}

/** Time of day in seconds, weighted towards evenings. */
export function sampleSecondOfDay(random: Random): number {
  return random.pickCumulative(HOUR_CUMULATIVE) * 3600 + random.int(3600);
}

/**
 * Day of the next purchase of a Poisson process with `ratePerDay` modulated by the day intensity,
 * starting at the beginning of day `fromDay`; returns `calendar.days` or more when past the end.
 */
export function nextPurchaseDay(calendar: Calendar, fromDay: number, ratePerDay: number, random: Random): number {
  const cumulative = calendar.cumulativeIntensity;
  if (fromDay >= calendar.days) return calendar.days;
  const target = cumulative[fromDay]! + random.exponential(ratePerDay);
  if (target >= cumulative[calendar.days]!) return calendar.days;
  let lo = fromDay;
  let hi = calendar.days - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (cumulative[mid]! <= target) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

let clockText: string[] | undefined;

/** `HH:MM:SS` for a second of the day (table built once). */
export function timeOfDayText(second: number): string {
  if (!clockText) {
    clockText = new Array(DAY_SECONDS);
    const two = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
    for (let s = 0; s < DAY_SECONDS; s++) {
      clockText[s] = `${two[Math.floor(s / 3600)]}:${two[Math.floor(s / 60) % 60]}:${two[s % 60]}`;
    }
  }
  return clockText[second]!;
}

/** `YYYY-MM-DD HH:MM:SS` for seconds since the calendar start (clamped to the period). */
export function timestampText(calendar: Calendar, seconds: number): string {
  const day = Math.min(calendar.days - 1, Math.max(0, Math.floor(seconds / DAY_SECONDS)));
  const second = Math.min(DAY_SECONDS - 1, Math.max(0, seconds - day * DAY_SECONDS));
  return `${calendar.dateText[day]} ${timeOfDayText(second)}`;
}
