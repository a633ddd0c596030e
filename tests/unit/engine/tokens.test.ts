import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

describe('Db.identifiers', () => {
  it.each([
    ['select * from a join b using(x) where y in (select z from c)', ['a', 'b', 'x', 'y', 'z', 'c']],
    ['with t as (select 1) select * from t, "My ""Big"" Table"', ['t', 't', 'My "Big" Table']],
    ["select 'from x' -- from y\n from real_t /* from q */", ['real_t']],
    ['SELECT count(*) FROM cb_orders;', ['count', 'cb_orders']],
    ['select o.revenue from cb_orders o', ['o', 'revenue', 'cb_orders', 'o']],
    // Token offsets are UTF-8 bytes: a "×" or Chinese text before a name must not shift it.
    ["-- revenue × P(churn)\nselect '高留存 · 冠军客户', s.x from \"model_lab\" s", ['s', 'x', 'model_lab', 's']],
  ])('%s', async (sql, expected) => {
    expect(await db.identifiers(sql)).toEqual(expected);
  });
});
