/**
 * An independent reading of the CDNOW master file in plain TypeScript (no SQL): the file's rows, the
 * purchase rules of DESIGN.md section 3 that apply to it, and the cohort matrix and RFM segment counts
 * computed straight from the definitions. The analysis tests and the CLI tests compare against these.
 */
import fs from 'node:fs';
import path from 'node:path';

export const CDNOW = path.resolve(__dirname, '../../../../shared/datasets/cdnow/CDNOW_master.txt');

export interface CdnowRow {
  customer: string;
  /** Days since 1970-01-01 (UTC). */
  day: number;
  /** Year * 12 + month index (0-based). */
  month: number;
  cents: number;
}

/** The purchase rows: exact duplicate rows dropped (first copy kept), quantity <= 0 and negative revenue excluded. */
export function cdnowRows(): { rows: CdnowRow[]; duplicates: number } {
  const text = fs.readFileSync(CDNOW, 'utf8');
  const seen = new Set<string>();
  const rows: CdnowRow[] = [];
  let duplicates = 0;
  for (const raw of text.split('\n').slice(1)) {
    const fields = raw.trim().split(/\s+/);
    if (fields.length !== 4) continue;
    const key = fields.join(' ');
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    const [customer, date, quantity, dollars] = fields as [string, string, string, string];
    if (Number(quantity) <= 0 || Number(dollars) < 0) continue;
    const y = Number(date.slice(0, 4));
    const m = Number(date.slice(4, 6)) - 1;
    const d = Number(date.slice(6, 8));
    rows.push({ customer, day: Date.UTC(y, m, d) / 86_400_000, month: y * 12 + m, cents: Math.round(Number(dollars) * 100) });
  }
  return { rows, duplicates };
}

export interface ReferenceCohort {
  cohort: string;
  size: number;
  active: number[];
  revenueCents: number[];
}

/** Monthly cohorts: cohort = month of first purchase; active(c, k) = distinct customers buying in month c + k. */
export function referenceCohorts(rows: CdnowRow[]): ReferenceCohort[] {
  const first = new Map<string, number>();
  for (const r of rows) first.set(r.customer, Math.min(first.get(r.customer) ?? Infinity, r.month));
  const lastMonth = Math.max(...rows.map((r) => r.month));
  const buyers = new Map<string, Set<string>>();
  const cents = new Map<string, number>();
  for (const r of rows) {
    const key = `${first.get(r.customer)}:${r.month}`;
    if (!buyers.has(key)) buyers.set(key, new Set());
    buyers.get(key)?.add(r.customer);
    cents.set(key, (cents.get(key) ?? 0) + r.cents);
  }
  const cohortMonths = [...new Set(first.values())].sort((a, b) => a - b);
  return cohortMonths.map((c) => {
    const ks = Array.from({ length: lastMonth - c + 1 }, (_, k) => k);
    const active = ks.map((k) => buyers.get(`${c}:${c + k}`)?.size ?? 0);
    return {
      cohort: `${Math.floor(c / 12)}-${String((c % 12) + 1).padStart(2, '0')}`,
      size: active[0] ?? 0,
      active,
      revenueCents: ks.map((k) => cents.get(`${c}:${c + k}`) ?? 0),
    };
  });
}

/** RANK(): 1 + the number of values strictly ahead (smaller when ascending, larger when descending). */
function ranks(values: number[], descending: boolean): number[] {
  const sorted = [...values].sort((a, b) => (descending ? b - a : a - b));
  const firstIndex = new Map<number, number>();
  sorted.forEach((v, i) => {
    if (!firstIndex.has(v)) firstIndex.set(v, i);
  });
  return values.map((v) => (firstIndex.get(v) ?? 0) + 1);
}

function segment(r: number, f: number): string {
  if (r === 5 && f >= 4) return 'champions';
  if ((r === 3 || r === 4) && f >= 4) return 'loyal';
  if (r >= 4 && (f === 2 || f === 3)) return 'potential_loyalists';
  if (r === 5 && f === 1) return 'new_customers';
  if (r === 4 && f === 1) return 'promising';
  if (r === 3 && f === 3) return 'need_attention';
  if (r === 3 && f <= 2) return 'about_to_sleep';
  if (r <= 2 && f === 5) return 'cannot_lose_them';
  if (r <= 2 && (f === 3 || f === 4)) return 'at_risk';
  if (r <= 2 && f <= 2) return 'hibernating';
  throw new Error(`no segment for ${r}${f}`);
}

/** RFM from the definitions: snapshot = last date + 1, orders = distinct (customer, date), RANK-based scores. */
export function referenceRfm(rows: CdnowRow[]): { snapshotDay: number; segments: Record<string, number>; scores: Map<string, number> } {
  const byCustomer = new Map<string, { last: number; days: Set<number>; cents: number }>();
  for (const r of rows) {
    const c = byCustomer.get(r.customer) ?? { last: -Infinity, days: new Set<number>(), cents: 0 };
    c.last = Math.max(c.last, r.day);
    c.days.add(r.day);
    c.cents += r.cents;
    byCustomer.set(r.customer, c);
  }
  const snapshotDay = Math.max(...rows.map((r) => r.day)) + 1;
  const customers = [...byCustomer.values()];
  const n = customers.length;
  const score = (rank: number) => 1 + Math.floor((5 * (rank - 1)) / n);
  const rRanks = ranks(customers.map((c) => snapshotDay - c.last), true);
  const fRanks = ranks(customers.map((c) => c.days.size), false);
  const mRanks = ranks(customers.map((c) => c.cents), false);
  const segments: Record<string, number> = {};
  const scores = new Map<string, number>();
  customers.forEach((_, i) => {
    const r = score(rRanks[i] ?? 0);
    const f = score(fRanks[i] ?? 0);
    const m = score(mRanks[i] ?? 0);
    const name = segment(r, f);
    segments[name] = (segments[name] ?? 0) + 1;
    scores.set(`${r}${f}${m}`, (scores.get(`${r}${f}${m}`) ?? 0) + 1);
  });
  return { snapshotDay, segments, scores };
}
