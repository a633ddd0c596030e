/** `basket <file> [--min-support 0.01] [--min-confidence 0] [--limit N]`: association rules (DESIGN.md section 7). */
import type { Command } from '../command';
import { basketRules } from '../../analyses/basket';
import { IngestError } from '../../ingest/errors';
import { loadForAnalysis } from '../load';
import { numberOption, percentText } from '../options';
import { UsageError } from '../errors';
import { formatTable } from './sql';

/** Rules the text output lists (the JSON holds them all). */
const SHOWN = 25;

export const basketCommand: Command = async (args) => {
  const minSupport = numberOption(args.values['min-support'], 'min-support', 0.01);
  const minConfidence = numberOption(args.values['min-confidence'], 'min-confidence', 0);
  if (minSupport > 1 || minConfidence > 1) throw new UsageError('--min-support and --min-confidence are shares between 0 and 1 (0.01 is 1% of orders).');
  const limitText = args.values.limit;
  const limit = limitText === undefined ? undefined : numberOption(limitText, 'limit', 0);
  const { db, loaded } = await loadForAnalysis(args, 'orders');
  try {
    if (!loaded.roles.product_id) {
      throw new IngestError('Market basket needs a product column: name it with --map product_id=Column if the file has one.');
    }
    const result = await basketRules(db, { minSupport, minConfidence, ...(limit === undefined ? {} : { limit }) });
    const json = {
      orders: result.orders,
      min_support: minSupport,
      rules: result.rules.map(({ antecedent, consequent, orders, support, confidence, lift }) => ({ antecedent, consequent, orders, support, confidence, lift })),
    };
    const rows = result.rules.slice(0, SHOWN).map((r) => ({
      'if bought': r.antecedent,
      'also bought': r.consequent,
      orders: r.orders,
      support: percentText(r.support),
      confidence: percentText(r.confidence),
      lift: r.lift.toFixed(1),
    }));
    const head = `${result.rules.length.toLocaleString('en-US')} rules over ${result.orders.toLocaleString('en-US')} orders (pairs in at least ${percentText(minSupport)} of them)`;
    const more = result.rules.length > SHOWN ? `\n(the ${SHOWN} strongest by lift; --json lists all)` : '';
    return { json, text: result.rules.length ? `${head}\n${formatTable(rows)}${more}` : `${head}: no pair of products is bought together that often. Try a lower --min-support.` };
  } finally {
    await db.close();
  }
};
