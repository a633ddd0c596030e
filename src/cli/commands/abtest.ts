/**
 * `abtest <file> [--group group] [--outcome converted] [--value COL] [--control NAME] [--confidence 0.95]`:
 * the A/B read-out of a file with one row per customer (src/analyses/abtest-table.ts), read as it is (no
 * purchase rules: the rows are test members, not orders).
 */
import type { Command } from '../command';
import { AbInputError, readAbTable } from '../../analyses/abtest-table';
import { IngestError } from '../../ingest/errors';
import { loadFromArgs } from '../load';
import { numberOption } from '../options';
import { UsageError } from '../errors';
import { formatTable } from './sql';

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export const abtestCommand: Command = async (args) => {
  const confidence = numberOption(args.values.confidence, 'confidence', 0.95);
  if (!(confidence > 0 && confidence < 1)) throw new UsageError('--confidence must be between 0 and 1, like 0.95.');
  const { db, loaded } = await loadFromArgs(args);
  try {
    const options = {
      table: loaded.table,
      group: text(args.values.group) ?? 'group',
      outcome: text(args.values.outcome) ?? 'converted',
      value: text(args.values.value),
      control: text(args.values.control),
      confidence,
    };
    const { readout, groups, value } = await readAbTable(db, options);
    const rate = (g: (typeof groups)[number]) => (g.size > 0 ? g.converted / g.size : 0);
    const group = (g: (typeof groups)[number]) => ({ name: g.name, customers: g.size, converted: g.converted, rate: rate(g), mean_value: g.meanValue });
    const json = {
      control: group(groups[0]!),
      variant: group(groups[1]!),
      difference: readout.difference,
      relative_lift: readout.relativeLift,
      confidence: readout.confidence,
      interval: readout.interval,
      z: readout.z,
      p_value: readout.pValue,
      significant: readout.significant,
      verdict: readout.verdict.en,
      ...(value ? { value: { control: value.control, variant: value.variant, difference: value.difference, interval: value.interval } } : {}),
    };
    const table = formatTable(
      groups.map((g, i) => ({
        role: i === 0 ? 'control' : 'variant',
        group: g.name,
        customers: g.size,
        converted: g.converted,
        rate: `${(rate(g) * 100).toFixed(1)}%`,
        ...(options.value ? { [`mean ${options.value}`]: g.meanValue === null ? null : g.meanValue.toFixed(2) } : {}),
      })),
    );
    return { json, text: `${table}\n\n${readout.verdict.en}` };
  } catch (error) {
    if (error instanceof AbInputError) throw new IngestError(error.message);
    throw error;
  } finally {
    await db.close();
  }
};
