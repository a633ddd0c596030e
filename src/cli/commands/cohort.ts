/** `cohort <file> [--period month|week] [--country NAME]`: cohort retention as arrays per cohort (DESIGN.md section 7). */
import type { Command } from '../command';
import { cohortRetention } from '../../analyses/cohort';
import { loadForAnalysis } from '../load';
import { periodOption, round2 } from '../options';
import { formatTable } from './sql';

export const cohortCommand: Command = async (args) => {
  const period = periodOption(args);
  const { db } = await loadForAnalysis(args);
  try {
    const country = typeof args.values.country === 'string' ? args.values.country : undefined;
    const result = await cohortRetention(db, { period, country });
    const json = {
      period,
      cohorts: result.cohorts.map((c) => ({
        cohort: c.cohort,
        size: c.size,
        active: c.active,
        retention: c.retention,
        revenue: c.revenue.map(round2),
      })),
    };
    const width = Math.max(0, ...result.cohorts.map((c) => c.retention.length));
    const rows = result.cohorts.map((c) => ({
      cohort: c.cohort,
      size: c.size,
      ...Object.fromEntries(Array.from({ length: width }, (_, k) => [`+${k}`, k < c.retention.length ? `${((c.retention[k] ?? 0) * 100).toFixed(1)}%` : ''])),
    }));
    const text = `Retention by ${period} since first purchase (share of each cohort buying in period k)\n${formatTable(rows)}`;
    return { json, text };
  } finally {
    await db.close();
  }
};
