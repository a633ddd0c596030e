/** `lifecycle <file> [--period month|week]`: customers per lifecycle stage and period (DESIGN.md section 7). */
import type { Command } from '../command';
import { lifecycleStages } from '../../analyses/lifecycle';
import { loadForAnalysis } from '../load';
import { periodOption } from '../options';
import { formatTable } from './sql';

export const lifecycleCommand: Command = async (args) => {
  const period = periodOption(args);
  const { db } = await loadForAnalysis(args);
  try {
    const result = await lifecycleStages(db, { period });
    const json = { period, rows: result.rows };
    const text = `Customers by lifecycle stage per ${period}\n${formatTable(result.rows.map((r) => ({ ...r })))}`;
    return { json, text };
  } finally {
    await db.close();
  }
};
