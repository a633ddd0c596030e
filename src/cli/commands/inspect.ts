/** `inspect <file>`: how the file was read and which column plays which role. */
import { isAnalysable } from '../../ingest/load-problems';
import { ROLES, type ColumnProfile } from '../../ingest/types';
import type { Command } from '../command';
import { cannotAnalyse, loadFromArgs } from '../load';
import { moneyText } from '../options';

export const inspectCommand: Command = async (args) => {
  const { db, loaded } = await loadFromArgs(args);
  await db.close();
  const { sniffed, report, profiles } = loaded;
  const json = {
    format: sniffed.format,
    encoding: sniffed.encoding,
    delimiter: sniffed.format === 'whitespace' ? 'whitespace' : sniffed.delimiter,
    rows: report.rowsRead,
    columns: profiles.map((p) => ({ name: p.name, type: displayType(p) })),
    roles: Object.fromEntries(ROLES.map((role) => [role, loaded.roles[role] ?? null])),
    /** Why each unmapped role has no column (the nearest candidate, or that none came close). */
    unmapped: Object.fromEntries(loaded.guesses.filter((g) => !loaded.roles[g.role]).map((g) => [g.role, g.reason.en])),
    date_format: report.dateFormat,
    level: report.level,
    warnings: report.warnings.map((w) => w.en),
    problems: loaded.problems.map((p) => ({
      code: p.code,
      message: p.message.en,
      blocking: p.blocking,
      ...(p.rows !== undefined ? { rows: p.rows } : {}),
      ...(p.examples ? { examples: p.examples } : {}),
      ...(p.dateChoices ? { date_choices: p.dateChoices } : {}),
    })),
    report: {
      rows_rejected: report.rowsRejected,
      duplicates_dropped: report.duplicatesDropped,
      guest_rows: report.guestRows,
      returns_excluded: report.returnsExcluded,
      date_range: report.dateRange,
      customers: report.customers,
      orders: report.orders,
      lines: report.lines,
      revenue: report.revenue,
      refunds: report.refunds.amount,
      fully_refunded_orders: report.refunds.fullyRefundedOrders,
      events: report.events,
      excluded: [...report.rejected, ...report.excluded].map((i) => ({ reason: i.reason.en, rows: i.count, examples: i.examples })),
    },
  };
  const text = [
    `${report.file}: ${json.format}, ${json.encoding ?? 'binary'}, delimiter ${JSON.stringify(json.delimiter)}, ${json.rows} rows`,
    `dates: ${json.date_format ?? 'none'} (${report.dateRange.min} .. ${report.dateRange.max})`,
    `customers ${report.customers}, orders ${report.orders}, revenue ${moneyText(report.revenue, report.currency)}`,
    'columns:',
    ...json.columns.map((c) => `  ${c.name}: ${c.type}`),
    'roles:',
    ...Object.entries(json.roles).map(([role, col]) => `  ${role}: ${col ?? `- (${json.unmapped[role] ?? ''})`}`),
    ...loaded.problems.map((p) => `problem: ${p.message.en}`),
    ...report.warnings.map((w) => `warning: ${w.en}`),
  ].join('\n');
  return { json, text, failure: isAnalysable(loaded) ? undefined : cannotAnalyse(loaded) };
};

/** The type a column's values have: the engine's type, or for text columns what every value parses as. */
function displayType(profile: ColumnProfile): string {
  if (profile.type !== 'VARCHAR' || profile.nonNull === 0) return profile.type;
  if (profile.dateShare === 1) return 'TIMESTAMP';
  if (profile.numericShare === 1) return profile.integerShare === 1 ? 'BIGINT' : 'DOUBLE';
  return 'VARCHAR';
}
