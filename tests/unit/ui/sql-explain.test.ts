import { describe, expect, it } from 'vitest';
import { explainSqlError } from '../../../src/ui/notebook/sql-explain';
import { translate } from '../../../src/ui/i18n';

describe('explainSqlError', () => {
  it.each([
    ['Parser Error: syntax error at or near "DESCC"', 'sqlerr.syntax', 'SQL 在“DESCC”附近写得不对。'],
    ['Binder Error: Referenced column "revenu" not found in FROM clause!', 'sqlerr.column', '这里没有名为 revenu 的列。请检查拼写，或检查查询读取的数据表。'],
    ['Conversion Error: Could not convert string \'abc\' to INT32', 'sqlerr.convert', '值“abc”无法读作 INT32。'],
    ['Catalog Error: Scalar Function with name sumx does not exist!', 'sqlerr.noFunction', '没有名为 sumx 的函数。'],
    ['Binder Error: column "ts" must appear in the GROUP BY clause or must be part of an aggregate function.', 'sqlerr.groupBy', '列 ts 需要分组（GROUP BY）或汇总（sum、count 等）。'],
    ['Something new from DuckDB', 'sqlerr.other', 'DuckDB 无法运行这段 SQL。'],
  ])('%s', (message, key, zh) => {
    const explained = explainSqlError(message);
    expect(explained.key).toBe(key);
    expect(translate('zh-CN', explained.key, explained.params)).toBe(zh);
  });
});
