/**
 * Risk flags on the generator's shop with planted anomalies (samples/anomalies.ts): the flags must find what was
 * planted and little else (issue 24, must-show 1), and each rule is checked on a hand-made export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile } from '../../../src/ingest/load';
import { bytesSource } from '../../../src/ingest/sources';
import { findBursts, reasonText, riskFlags, writeRiskFlags, type RiskFlag, type RiskReasonCode, type RiskResult } from '../../../src/analyses/risk';
import { tableToRows } from '../../../src/engine/rows';
import type { PlantedAnomaly } from '../../../samples/shop';
import { generatedShop } from './generated-shop';
import { line, loadOrders } from './fixture';

const has = (code: RiskReasonCode) => (f: RiskFlag) => f.reasons.some((r) => r.code === code);

/** Precision and recall of `found` against `truth`. */
function score(found: Set<string>, truth: Set<string>): { precision: number; recall: number } {
  const hits = [...found].filter((x) => truth.has(x)).length;
  return { precision: found.size ? hits / found.size : 0, recall: truth.size ? hits / truth.size : 0 };
}

describe('risk flags on planted anomalies', () => {
  let db: Db;
  let result: RiskResult;
  let planted: PlantedAnomaly[];
  const of = (...kinds: PlantedAnomaly['kind'][]) => planted.filter((p) => kinds.includes(p.kind));

  beforeAll(async () => {
    const { shop, bytes } = generatedShop(40_000, 7, { anomalies: true });
    planted = shop.anomalies();
    db = await openNodeDb();
    await loadFile(db, bytesSource('shop.csv', bytes));
    result = await riskFlags(db);
  }, 120_000);
  afterAll(() => db?.close());

  it('plants every kind', () => {
    for (const kind of ['huge_order', 'cancelled_soon', 'burst', 'serial_returner'] as const) expect(of(kind).length).toBeGreaterThanOrEqual(4);
  });

  it('robust z-scores find the huge orders', () => {
    const found = new Set(result.flags.filter((f) => has('large_value')(f) || has('large_quantity')(f)).map((f) => f.orderId!));
    const { precision, recall } = score(found, new Set(of('huge_order', 'cancelled_soon').map((p) => p.orderId)));
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('the isolation forest finds the customers with a huge order, and few others', () => {
    const found = new Set(result.flags.filter(has('unusual_customer')).map((f) => f.customerId!));
    expect(score(found, new Set(planted.map((p) => p.customerId))).precision).toBeGreaterThanOrEqual(0.8);
    expect(score(found, new Set(of('huge_order', 'cancelled_soon').map((p) => p.customerId))).recall).toBeGreaterThanOrEqual(0.8);
  });

  it('finds every quick cancellation, burst and serial returner', () => {
    const cancelled = new Set(result.flags.filter(has('cancelled_soon')).map((f) => f.orderId!));
    expect(score(cancelled, new Set(of('cancelled_soon').map((p) => p.orderId)))).toEqual({ precision: 1, recall: 1 });
    const bursts = new Set(result.flags.filter(has('burst')).map((f) => f.customerId!));
    expect(score(bursts, new Set(of('burst').map((p) => p.customerId)))).toEqual({ precision: 1, recall: 1 });
    const returners = new Set(result.flags.filter(has('returns')).map((f) => f.customerId!));
    const returns = score(returners, new Set(of('serial_returner').map((p) => p.customerId)));
    expect(returns.recall).toBe(1);
    expect(returns.precision).toBeGreaterThanOrEqual(0.6);
  });

  it('all flags together: the flagged customers are the planted ones', () => {
    const found = new Set(result.flags.map((f) => f.customerId!));
    const { precision, recall } = score(found, new Set(planted.map((p) => p.customerId)));
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('ranks a huge order cancelled at once first, with its reasons in words', () => {
    const top = result.flags[0]!;
    expect(of('cancelled_soon').map((p) => p.orderId)).toContain(top.orderId);
    expect(reasonText(top, 'en')).toMatch(/^Order value [\d,.]+ is \d+ times a typical order .*cancelled \d+ minutes after the order/);
    expect(reasonText(top, 'zh-CN')).toMatch(/订单金额.*倍.*分钟后取消/);
  });

  it('writes the flags as a table', async () => {
    await writeRiskFlags(db, 'risk_flags', result, 'en');
    const rows = tableToRows(await db.query('SELECT * FROM risk_flags ORDER BY rank LIMIT 3'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ rank: 1, customer_id: result.flags[0]!.customerId, order_id: result.flags[0]!.orderId });
    expect(Number(rows[0]!.score)).toBeCloseTo(result.flags[0]!.score, 3);
  });
});

describe('risk rules on a hand-made export', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
  });
  afterAll(() => db?.close());

  it('a cancellation matches the latest earlier order of that customer and product, within the window', async () => {
    const orders = Array.from({ length: 30 }, (_, i) => line(`o${i}`, `c${i % 10}`, `2023-02-${String(1 + (i % 27)).padStart(2, '0')} 10:00`, 20 + (i % 7)));
    await loadOrders(db, [
      ...orders,
      line('big', 'x', '2023-03-01 09:00', 5, { quantity: 40, product: 'P9' }),
      line('big', 'x', '2023-03-01 09:25', 5, { quantity: 40, product: 'P9', status: 'cancelled' }),
      line('late', 'y', '2023-03-01 09:00', 5, { quantity: 4, product: 'P8' }),
      line('late', 'y', '2023-03-03 09:00', 5, { quantity: 4, product: 'P8', status: 'cancelled' }),
      // A cancelled status on another order of the same product is that order's, not the earlier one's.
      line('kept', 'z', '2023-03-01 10:00', 5, { quantity: 3, product: 'P7' }),
      line('other', 'z', '2023-03-01 10:20', 5, { quantity: 3, product: 'P7', status: 'cancelled' }),
    ]);
    const result = await riskFlags(db);
    const cancelled = result.flags.filter(has('cancelled_soon'));
    expect(cancelled.map((f) => f.orderId)).toEqual(['big']);
    expect(reasonText(cancelled[0]!, 'en')).toContain('40 of its 40 items cancelled 25 minutes after the order');
    // Two days later is a return, not a quick cancellation; with a wider window it counts.
    const wide = await riskFlags(db, { ...result.thresholds, cancelMinutes: 3 * 24 * 60 });
    expect(wide.flags.filter(has('cancelled_soon')).map((f) => f.orderId).sort()).toEqual(['big', 'late']);
    // The table keeps the flags' order as its rank.
    await writeRiskFlags(db, 'hand_flags', wide, 'en');
    const ranked = tableToRows(await db.query('SELECT rank, order_id FROM hand_flags ORDER BY rank'));
    expect(ranked.map((r) => r.order_id)).toEqual(wide.flags.map((f) => f.orderId));
  });

  it('finds bursts as runs within the window, per customer', () => {
    const customers = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b'];
    const minutes = [0, 5, 9, 14, 20, 300, 0, 100, 200, 300, 400];
    expect(findBursts(customers, minutes.map((m) => m * 60), 5, 60 * 60)).toEqual([{ first: 0, last: 4 }]);
    expect(findBursts(customers, minutes.map((m) => m * 60), 3, 10 * 60)).toEqual([{ first: 0, last: 2 }]);
    expect(findBursts(customers, minutes.map((m) => m * 60), 6, 60 * 60)).toEqual([]);
  });
});
