import { expect, it } from 'vitest';
import { positionalColumnNames, uniqueColumnNames } from '../../../src/ingest/column-names';

it.each([
  { raw: ['a', 'b'], names: ['a', 'b'] },
  { raw: ['id', 'id', 'ID'], names: ['id', 'id_1', 'ID_2'] },
  { raw: ['', null, ' x '], names: ['column1', 'column2', 'x'] },
  { raw: ['a_1', 'a', 'a'], names: ['a_1', 'a', 'a_2'] },
])('uniqueColumnNames($raw)', ({ raw, names }) => {
  expect(uniqueColumnNames(raw)).toEqual(names);
});

it('positionalColumnNames counts from 1', () => {
  expect(positionalColumnNames(3)).toEqual(['column1', 'column2', 'column3']);
});
