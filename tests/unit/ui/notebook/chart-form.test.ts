import { describe, expect, it } from 'vitest';
import { applyChartForm, encodingType, readChartForm } from '../../../../src/ui/notebook/chart-form';

const columns = [
  { name: 'month', type: 'DATE' },
  { name: 'revenue', type: 'Float64' },
  { name: 'segment', type: 'VARCHAR' },
];

describe('the chart form', () => {
  it('reads mark and fields from a spec, and nothing from broken JSON', () => {
    const spec = JSON.stringify({ mark: { type: 'line', point: true }, encoding: { x: { field: 'month' }, y: { field: 'revenue' }, facet: { field: 'segment' } } });
    expect(readChartForm(spec)).toEqual({ mark: 'line', x: 'month', y: 'revenue', color: '', facet: 'segment' });
    expect(readChartForm('{ not json')).toEqual({ mark: '', x: '', y: '', color: '', facet: '' });
  });

  it('writes fields with types from the column types and keeps everything else', () => {
    const source = JSON.stringify({ title: 'Kept', mark: { type: 'line', point: true }, encoding: { x: { field: 'month', type: 'temporal', timeUnit: 'yearmonth' } } });
    const next = JSON.parse(applyChartForm(source, { mark: 'bar', x: 'month', y: 'revenue', color: 'segment', facet: '' }, columns));
    expect(next.title).toBe('Kept');
    expect(next.mark).toEqual({ type: 'bar', point: true });
    expect(next.encoding.x).toEqual({ field: 'month', type: 'temporal', timeUnit: 'yearmonth' });
    expect(next.encoding.y).toEqual({ field: 'revenue', type: 'quantitative' });
    expect(next.encoding.color).toEqual({ field: 'segment', type: 'nominal' });
    const cleared = JSON.parse(applyChartForm(JSON.stringify(next), { mark: 'bar', x: 'month', y: '', color: '', facet: 'segment' }, columns));
    expect(cleared.encoding.y).toBeUndefined();
    expect(cleared.encoding.color).toBeUndefined();
    expect(cleared.encoding.facet).toEqual({ field: 'segment', type: 'nominal', columns: 3 });
  });

  it.each([
    ['BIGINT', 'quantitative'],
    ['Int64', 'quantitative'],
    ['DECIMAL(18,2)', 'quantitative'],
    ['Timestamp<MICROSECOND>', 'temporal'],
    ['DATE', 'temporal'],
    ['VARCHAR', 'nominal'],
    ['Utf8', 'nominal'],
    ['INTERVAL', 'nominal'],
    ['TIMESTAMP WITH TIME ZONE', 'temporal'],
    ['Date32<DAY>', 'temporal'],
  ])('types %s as %s', (type, expected) => {
    expect(encodingType(type)).toBe(expected);
  });
});
