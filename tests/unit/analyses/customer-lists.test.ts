import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { sha256Hex } from '../../../src/export/hash';
import { customerListCsv, customerListSql, segmentColumn, segmentCounts, segmentLabel } from '../../../src/analyses/customer-lists';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(`CREATE TABLE rfm_segments AS SELECT * FROM (VALUES
    ('c1', 12, 'at_risk'), ('=HYPERLINK("x")', 40, 'at_risk'), ('c3', 3, 'champions'), ('c4', 7, 'at_risk'), ('c5', 1, NULL)
  ) t(customer_id, recency, segment)`);
});
afterAll(() => db.close());

describe('customer lists', () => {
  it('finds the segment column of a per-customer result, and none without customer ids', () => {
    expect(segmentColumn(['customer_id', 'recency', 'segment'])).toBe('segment');
    expect(segmentColumn(['customer_id', 'probability', 'risk_band'])).toBe('risk_band');
    expect(segmentColumn(['customer_id', 'clv', 'value_band'])).toBe('value_band');
    expect(segmentColumn(['customer_id', 'cluster', 'cluster_name'])).toBe('cluster_name');
    expect(segmentLabel('value_band', 'high', 'zh-CN').label).toBe('最有价值（前 20%）');
    expect(segmentLabel('value_band', 'high', 'en').action).toMatch(/^Thank them/);
    expect(segmentColumn(['segment', 'customers'])).toBeNull();
    expect(segmentColumn(['customer_id', 'revenue'])).toBeNull();
  });

  it('counts the customers of each segment, largest first', async () => {
    expect(await segmentCounts(db, 'rfm_segments', 'segment')).toEqual([
      { value: 'at_risk', customers: 3 },
      { value: 'champions', customers: 1 },
    ]);
  });

  it('saves exactly the segment\'s customers as CSV, formulas neutralised, ids hashed on request', async () => {
    const list = { table: 'rfm_segments', column: 'segment', value: 'at_risk' };
    const csv = await customerListCsv(db, list);
    expect(csv.split('\r\n')).toEqual(['customer_id,recency,segment', `"'=HYPERLINK(""x"")",40,at_risk`, 'c1,12,at_risk', 'c4,7,at_risk', '']);
    const hashed = await customerListCsv(db, list, { hashIds: true, salt: 'pepper' });
    const lines = hashed.split('\r\n');
    expect(lines[0]).toBe('customer_hash,recency,segment');
    expect(lines[2]).toBe(`${await sha256Hex('pepperc1')},12,at_risk`);
    expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual(expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{64}$/)]));
    expect(lines.slice(1, -1).every((l) => /^[0-9a-f]{64},/.test(l))).toBe(true);
    const ids = tableToRows(await db.query(customerListSql(list))).map((r) => r.customer_id);
    expect(ids).toEqual(['=HYPERLINK("x")', 'c1', 'c4']);
  });

  it('names segments for people, in both languages, with the suggested action', () => {
    expect(segmentLabel('segment', 'cannot_lose_them', 'en').label).toBe("Can't lose them");
    expect(segmentLabel('segment', 'cannot_lose_them', 'zh-CN').label).toBe('不能失去的客户');
    expect(segmentLabel('segment', 'at_risk', 'en').action).toMatch(/\w/);
    expect(segmentLabel('risk_band', 'high', 'en')).toEqual({ label: 'High risk', action: null });
    expect(segmentLabel('segment', 'made_up', 'en')).toEqual({ label: 'made_up', action: null });
  });
});
