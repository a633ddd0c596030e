/**
 * Recommendations (src/analyses/recommend.ts, src/models/item-knn.ts): on the generator's shop, whose shoppers
 * have favourite categories and whose catalogue plants complements, item-item beats the popularity baseline
 * on precision@10 and NDCG@10 over the time-based holdout; the metrics and the recommender by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile } from '../../../src/ingest/load';
import { bytesSource } from '../../../src/ingest/sources';
import { evaluateRecommendations, similarCustomersSql, writeRecommendations } from '../../../src/analyses/recommend';
import { tableToRows } from '../../../src/engine/rows';
import { fitItemKnn, popularItems, rankingMetrics, recommendItems, recommendPopular } from '../../../src/models/item-knn';
import { generatedShop } from './generated-shop';

describe('recommendations', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('beats the popularity baseline on the generated shop (precision@10 and NDCG@10)', async () => {
    await loadFile(db, bytesSource('shop.csv', generatedShop(100_000, 42).bytes));
    const result = await evaluateRecommendations(db, { k: 10, holdoutDays: 60 });
    expect(result.test_customers).toBeGreaterThan(300);
    expect(result.model.precision).toBeGreaterThan(1.2 * result.popularity.precision);
    expect(result.model.ndcg).toBeGreaterThan(1.2 * result.popularity.ndcg);
    expect(result.model.hit_rate).toBeGreaterThan(result.popularity.hit_rate);
  }, 120_000);

  it('matrix factorisation (BPR) beats the popularity baseline too, and is the same under one seed', async () => {
    // The database still holds the generated shop of the first test.
    const bpr = await evaluateRecommendations(db, { k: 10, holdoutDays: 60, model: 'bpr', compare: true, bpr: { seed: 7 } });
    expect(bpr.model).toEqual(bpr.models.bpr);
    expect(bpr.model.precision).toBeGreaterThan(1.1 * bpr.popularity.precision);
    expect(bpr.model.ndcg).toBeGreaterThan(1.1 * bpr.popularity.ndcg);
    expect(bpr.models['item-item']!.precision).toBeGreaterThan(bpr.popularity.precision);
    const again = await evaluateRecommendations(db, { k: 10, holdoutDays: 60, model: 'bpr', bpr: { seed: 7 } });
    expect(again.model).toEqual(bpr.model);
  }, 120_000);

  it('writes k products per customer, none already bought, with names, the also-bought lists and the holdout scores', async () => {
    // The database still holds the generated shop of the test above.
    const summary = await writeRecommendations(db, { k: 5, holdoutDays: 60, alsoBought: 3 });
    const rows = async (sql: string) => tableToRows(await db.query(sql));
    const [counts] = await rows(`SELECT count(DISTINCT customer_id)::INT AS customers, count(*)::INT AS n, max(rank)::INT AS deepest, count(product_name)::INT AS named FROM recommendations`);
    expect(counts).toEqual({ customers: summary.customers, n: summary.customers * 5, deepest: 5, named: summary.customers * 5 });
    const [owned] = await rows(`SELECT count(*)::INT AS n FROM recommendations r JOIN cb_lines l ON l.customer_id = r.customer_id AND l.product_id = r.product_id`);
    expect(owned!.n).toBe(0);
    const [repeats] = await rows(`SELECT count(*)::INT AS n FROM (SELECT customer_id, product_id FROM recommendations GROUP BY ALL HAVING count(*) > 1)`);
    expect(repeats!.n).toBe(0);
    const [also] = await rows(`SELECT count(DISTINCT product_id)::INT AS products, max(rank)::INT AS deepest, count(*) FILTER (WHERE product_id = also_bought_id)::INT AS self FROM recommendations_also_bought`);
    expect(also).toEqual({ products: summary.products, deepest: 3, self: 0 });
    const evaluation = await rows(`SELECT recommender, k, precision, ndcg FROM recommendations_evaluation ORDER BY recommender DESC`);
    expect(evaluation.map((r) => r.recommender)).toEqual(['suggestions', 'best sellers']);
    expect(Number(evaluation[0]!.precision)).toBeCloseTo(summary.model.precision, 9);
    expect(summary.model.precision).toBeGreaterThan(summary.popularity.precision);
  }, 120_000);

  /**
   * u0 bought A and B (twice: counted once), u1 A, B and C, u2 C, u3 A. Like u0: u1 shares 2 of its 3, 2 / √(3·2) = 0.8165;
   * u3 shares 1 of 1, 1 / √(1·2) = 0.7071; u2 shares nothing and is left out, as is u0 itself.
   */
  it('finds the customers who buy most like one, by cosine of their product sets', async () => {
    await db.exec(`CREATE TABLE my_lines AS SELECT * FROM (VALUES ('u0', 'A'), ('u0', 'B'), ('u0', 'B'), ('u1', 'A'), ('u1', 'B'), ('u1', 'C'), ('u2', 'C'), ('u3', 'A')) AS t(customer_id, product_id)`);
    const rows = tableToRows(await db.query(similarCustomersSql('u0', { lines: 'my_lines' })));
    expect(rows).toEqual([
      { like_customer: 'u0', customer_id: 'u1', products_in_common: 2, products: 3, similarity: 0.8165 },
      { like_customer: 'u0', customer_id: 'u3', products_in_common: 1, products: 1, similarity: 0.7071 },
    ]);
    // Without an id: the customer with the most different products (u1).
    expect(tableToRows(await db.query(similarCustomersSql(null, { lines: 'my_lines', limit: 1 })))[0]).toMatchObject({ like_customer: 'u1', customer_id: 'u0' });
  });

  /**
   * Three customers: u0 bought items 0 and 1, u1 bought 0 and 1, u2 bought 1 and 2.
   * Buyers: item 0: 2, item 1: 3, item 2: 1. Co-buyers: (0,1) 2, (1,2) 1, (0,2) 0.
   *   sim(0,1) = 2 / √(2·3) = 0.8165; sim(1,2) = 1 / √(3·1) = 0.5774.
   * A customer who owns item 0 is offered 1 (0.8165), then 2 by popularity (no neighbour path from 0).
   * One who owns 2 is offered 1 (0.5774), then 0 (most bought left).
   */
  it('scores by cosine similarity of buyer sets, never offers what is owned, and fills up by popularity', () => {
    const model = fitItemKnn({ customers: 3, items: 3, customer: Int32Array.from([0, 0, 1, 1, 2, 2]), item: Int32Array.from([0, 1, 0, 1, 1, 2]) });
    expect(Array.from(model.buyers)).toEqual([2, 3, 1]);
    const neighboursOf = (i: number) => Array.from(model.neighbours.values.subarray(model.neighbours.start[i]!, model.neighbours.start[i + 1]!));
    const similaritiesOf = (i: number) => Array.from(model.similarity.subarray(model.neighbours.start[i]!, model.neighbours.start[i + 1]!));
    expect(neighboursOf(1)).toEqual([0, 2]);
    expect(similaritiesOf(1)[0]).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(similaritiesOf(1)[1]).toBeCloseTo(1 / Math.sqrt(3), 6);
    expect(neighboursOf(0)).toEqual([1]);
    expect(recommendItems(model, [0], 2)).toEqual([1, 2]);
    expect(recommendItems(model, [2], 2)).toEqual([1, 0]);
    expect(recommendItems(model, [0, 1, 2], 2)).toEqual([]);
    expect(recommendPopular(popularItems(model.buyers), [1], 2)).toEqual([0, 2]);
  });

  /** List [5, 7, 9], relevant {7, 8}: one hit at rank 2; DCG 1/log2(3) = 0.6309; ideal (2 relevant) 1 + 0.6309. */
  it('computes precision, recall, hit rate and NDCG at k by hand', () => {
    const m = rankingMetrics([5, 7, 9], new Set([7, 8]), 3);
    expect(m.precision).toBeCloseTo(1 / 3, 12);
    expect(m.recall).toBeCloseTo(1 / 2, 12);
    expect(m.hit_rate).toBe(1);
    expect(m.ndcg).toBeCloseTo(0.6309298 / 1.6309298, 6);
    expect(rankingMetrics([1, 2], new Set([3]), 2)).toEqual({ precision: 0, recall: 0, hit_rate: 0, ndcg: 0 });
  });
});
