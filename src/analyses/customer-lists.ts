/**
 * Segments into action: the customers of one segment of a result (an RFM segment, a churn risk band),
 * as a list to save (CSV, formulas neutralised, ids hashed on request) or to open as a table of its own.
 */
import type { Db } from '../engine/db';
import { tableToRows, type Cell } from '../engine/rows';
import { rowsToCsv } from '../export/csv';
import { sha256Hex } from '../export/hash';
import type { Lang, Localized } from '../text/language';
import { ident, literal } from '../sql/quote';
import { SEGMENTS } from './rfm-segments';
import { RETENTION_TIERS } from './retention-playbook';

/** The columns that split a per-customer result into segments, in the order they are looked for. */
export const SEGMENT_COLUMNS = ['segment', 'risk_band', 'value_band', 'retention_tier', 'tier', 'band', 'cluster_name', 'playbook_cell'] as const;

/** One segment of a per-customer result: the rows of `table` whose `column` is `value`. */
export interface CustomerList {
  table: string;
  column: string;
  value: string;
}

/** One segment and how many customers it holds. */
export interface SegmentCount {
  value: string;
  customers: number;
}

/** Whether a column called `name` holds segment values (RFM segments, risk bands). */
export function isSegmentColumn(name: string): boolean {
  return (SEGMENT_COLUMNS as readonly string[]).includes(name.toLowerCase());
}

/** The column of `columns` that splits a per-customer result into segments, or null (needs customer_id too). */
export function segmentColumn(columns: readonly string[]): string | null {
  return segmentColumns(columns)[0] ?? null;
}

/** Every column of `columns` that splits a per-customer result into segments, in SEGMENT_COLUMNS order. */
export function segmentColumns(columns: readonly string[]): string[] {
  const names = new Set(columns.map((c) => c.toLowerCase()));
  if (!names.has('customer_id')) return [];
  return SEGMENT_COLUMNS.filter((c) => names.has(c));
}

/** The segments of `column` in `table` with their sizes, largest first. */
export async function segmentCounts(db: Db, table: string, column: string): Promise<SegmentCount[]> {
  const rows = tableToRows(
    await db.query(`SELECT CAST(${ident(column)} AS VARCHAR) AS value, count(*)::DOUBLE AS customers FROM ${ident(table)}
WHERE ${ident(column)} IS NOT NULL GROUP BY 1 ORDER BY customers DESC, value`),
  );
  return rows.map((row) => ({ value: String(row.value), customers: Number(row.customers) }));
}

/** The SQL of the list: every column of its rows, by customer. */
export function customerListSql(list: CustomerList): string {
  return `SELECT *\nFROM ${ident(list.table)}\nWHERE ${ident(list.column)} = ${literal(list.value)}\nORDER BY customer_id`;
}

/** How a saved list writes its ids. */
export interface ListCsvOptions {
  /** Replace customer ids by their SHA-256 (hex), with `salt` prepended when given. */
  hashIds?: boolean;
  salt?: string;
}

/** The list as CSV: a header and one row per customer, text neutralised against spreadsheet formulas. */
export async function customerListCsv(db: Db, list: CustomerList, options: ListCsvOptions = {}): Promise<string> {
  return customerRowsCsv(db, customerListSql(list), options);
}

/** The rows of `sql` (one per customer, with a customer_id column) as CSV, formulas neutralised, ids hashed on request. */
export async function customerRowsCsv(db: Db, sql: string, options: ListCsvOptions = {}): Promise<string> {
  const table = await db.query(sql);
  const columns = table.schema.fields.map((f) => f.name);
  const rows = tableToRows(table);
  const idAt = columns.indexOf('customer_id');
  const cells = await Promise.all(
    rows.map(async (row) => {
      const line = columns.map((c) => row[c] as Cell);
      if (options.hashIds && idAt >= 0) line[idAt] = await sha256Hex(`${options.salt ?? ''}${String(row.customer_id)}`);
      return line;
    }),
  );
  return rowsToCsv(options.hashIds ? columns.map((c) => (c === 'customer_id' ? 'customer_hash' : c)) : columns, cells);
}

const BANDS: Record<string, Localized> = {
  high: { en: 'High risk', 'zh-CN': '高风险' },
  medium: { en: 'Medium risk', 'zh-CN': '中等风险' },
  low: { en: 'Low risk', 'zh-CN': '低风险' },
};

/** Customer-value bands (`clv_scores.value_band`), with what to do for each. */
const VALUE_BANDS: Record<string, { label: Localized; action: Localized }> = {
  high: {
    label: { en: 'Most valuable (top 20%)', 'zh-CN': '最有价值（前 20%）' },
    action: { en: 'Thank them and keep them close: early access, a personal note.', 'zh-CN': '感谢并维系他们：抢先体验、亲笔问候。' },
  },
  medium: {
    label: { en: 'Valuable (next 30%)', 'zh-CN': '有价值（其后 30%）' },
    action: { en: 'Suggest what goes with what they buy, to grow each order.', 'zh-CN': '推荐与其所购商品搭配的商品，提高每单金额。' },
  },
  low: {
    label: { en: 'Less valuable (the rest)', 'zh-CN': '价值较低（其余）' },
    action: { en: 'Keep in the general newsletter; no special spend.', 'zh-CN': '保留在常规邮件中，无需额外投入。' },
  },
};

/** What a shop owner reads for a segment value: a human name, and the suggested action when there is one. */
export function segmentLabel(column: string, value: string, lang: Lang): { label: string; action: string | null } {
  if (column === 'segment') {
    const rule = SEGMENTS.find((s) => s.name === value);
    if (rule) return { label: rule.label[lang], action: rule.action[lang] };
  }
  const retention = column === 'retention_tier' ? RETENTION_TIERS[value as keyof typeof RETENTION_TIERS] : undefined;
  if (retention) return { label: retention.label[lang], action: retention.action[lang] };
  const valueBand = column === 'value_band' ? VALUE_BANDS[value] : undefined;
  if (valueBand) return { label: valueBand.label[lang], action: valueBand.action[lang] };
  const band = BANDS[value];
  if (band && /band|tier/.test(column)) return { label: band[lang], action: null };
  return { label: value, action: null };
}
