/** The forecast chart over a forecast cell's table (rows period, series Actual/Forecast, value, lo, hi). */
import type { ChartSpec } from './spec';

/** The history as a line, the forecast as a dashed line with its 95% interval shaded. */
export function forecastSpec(): ChartSpec {
  const x = { field: 'period', type: 'temporal', title: 'Period', axis: { format: '%Y-%m-%d' } };
  const color = { field: 'series', type: 'nominal', title: 'Series', scale: { domain: ['Actual', 'Forecast'], range: ['#4c78a8', '#e45756'] } };
  return {
    description: 'The history and the forecast with its 95% interval',
    width: 560,
    height: 280,
    layer: [
      {
        transform: [{ filter: "datum.series === 'Forecast'" }],
        mark: { type: 'area', opacity: 0.2, color: '#e45756' },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: 'Value' },
          color,
          strokeDash: { field: 'series', type: 'nominal', legend: null, scale: { domain: ['Actual', 'Forecast'], range: [[1, 0], [5, 3]] } },
          tooltip: [
            { field: 'period', type: 'temporal', title: 'Period', format: '%Y-%m-%d' },
            { field: 'series', type: 'nominal', title: 'Series' },
            { field: 'value', type: 'quantitative', title: 'Value', format: ',.0f' },
            { field: 'lo', type: 'quantitative', title: '95% lower', format: ',.0f' },
            { field: 'hi', type: 'quantitative', title: '95% upper', format: ',.0f' },
          ],
        },
      },
    ],
  } as ChartSpec;
}
