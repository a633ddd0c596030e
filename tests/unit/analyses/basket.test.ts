/**
 * Market basket (src/analyses/basket.ts) on the generator's shop, whose catalogue plants complements
 * (samples/catalog.ts: 64 bundles of 2–3 products bought together 45% of the time a basket grows), and on a
 * hand-worked set of orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile } from '../../../src/ingest/load';
import { bytesSource } from '../../../src/ingest/sources';
import { basketRules } from '../../../src/analyses/basket';
import { generatedShop } from './generated-shop';
import { loadOrders, line } from './fixture';

/** The generated shop's CSV and its planted complement pairs as "A>B" product ids. */
function shopCsv(lines: number, seed: number) {
  const { shop, bytes } = generatedShop(lines, seed);
  const planted = new Set<string>();
  const { complementStart, complements, productId } = shop.catalog;
  for (let i = 0; i < productId.length; i++) {
    for (let k = complementStart[i]!; k < complementStart[i + 1]!; k++) planted.add(`${productId[i]}>${productId[complements[k]!]}`);
  }
  return { bytes, planted };
}

describe('market basket', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('finds the planted complements of the generated shop, with lift well above 1', async () => {
    const { bytes, planted } = shopCsv(60_000, 42);
    await loadFile(db, bytesSource('shop.csv', bytes));
    const result = await basketRules(db, { minSupport: 0.002 });
    expect(result.orders).toBeGreaterThan(10_000);
    expect(result.rules.length).toBeGreaterThan(20);
    const top = result.rules.slice(0, 20);
    // The strongest rules are the planted pairs, many times likelier together than chance.
    expect(top.filter((r) => planted.has(`${r.antecedent}>${r.consequent}`)).length).toBeGreaterThanOrEqual(18);
    expect(top.every((r) => r.lift > 5)).toBe(true);
    // Products of one category and a shopper's favourite categories go together too, but less (median lift
    // of the planted rules here about 12, of the others about 6).
    const medianLift = (rules: typeof result.rules) => rules.map((r) => r.lift).sort((a, b) => a - b)[Math.floor(rules.length / 2)] ?? 0;
    const isPlanted = (r: (typeof result.rules)[number]) => planted.has(`${r.antecedent}>${r.consequent}`);
    expect(medianLift(result.rules.filter(isPlanted))).toBeGreaterThan(1.5 * medianLift(result.rules.filter((r) => !isPlanted(r))));
    for (const r of result.rules) {
      expect(r.support).toBeGreaterThanOrEqual(0.002);
      expect(r.support).toBeCloseTo(r.orders / result.orders, 12);
    }
  }, 120_000);

  /**
   * Six orders: {A,B} {A,B} {A,B,C} {A} {C} {C,D}. A is in 4, B in 3, C in 3, D in 1; A and B together in 3.
   *   A → B: support 3/6 = 0.5, confidence 3/4 = 0.75, lift 0.75 / (3/6) = 1.5;  B → A: confidence 3/3 = 1, lift 1 / (4/6) = 1.5.
   * With at least 2 orders per pair, only these two; with the default floor of 5 orders, none.
   */
  it('counts support, confidence and lift by hand, and makes no rule from a handful of orders', async () => {
    await loadOrders(db, [
      line('o1', 'x', '2023-01-01', 1, { product: 'A' }),
      line('o1', 'x', '2023-01-01', 1, { product: 'B' }),
      line('o2', 'y', '2023-01-02', 1, { product: 'A' }),
      line('o2', 'y', '2023-01-02', 1, { product: 'B' }),
      line('o3', 'z', '2023-01-03', 1, { product: 'A' }),
      line('o3', 'z', '2023-01-03', 1, { product: 'B' }),
      line('o3', 'z', '2023-01-03', 1, { product: 'C' }),
      line('o4', 'x', '2023-01-04', 1, { product: 'A' }),
      line('o5', 'y', '2023-01-05', 1, { product: 'C' }),
      line('o6', 'z', '2023-01-06', 1, { product: 'C' }),
      line('o6', 'z', '2023-01-06', 1, { product: 'D' }),
    ]);
    const result = await basketRules(db, { minSupport: 0, minOrders: 2 });
    expect(result.orders).toBe(6);
    expect(result.rules).toEqual([
      { antecedent: 'A', consequent: 'B', orders: 3, support: 0.5, confidence: 0.75, lift: 1.5 },
      { antecedent: 'B', consequent: 'A', orders: 3, support: 0.5, confidence: 1, lift: 1.5 },
    ]);
    expect((await basketRules(db, { minSupport: 0, minOrders: 2, minConfidence: 0.8 })).rules.map((r) => r.antecedent)).toEqual(['B']);
    expect((await basketRules(db, { minSupport: 0 })).rules).toEqual([]);
  });
});
