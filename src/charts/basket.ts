/** The market-basket chart over `basket_rules`: the strongest pairs as a matrix coloured and labelled by lift. */
import type { ChartSpec } from './spec';

/** Rules the matrix shows (strongest lift first; each pair appears in both directions). */
export const BASKET_PAIRS_SHOWN = 30;

const tooltip = [
  { field: 'antecedent', type: 'nominal', title: 'If bought' },
  { field: 'consequent', type: 'nominal', title: 'Also bought' },
  { field: 'orders', type: 'quantitative', title: 'Orders with both', format: ',' },
  { field: 'support', type: 'quantitative', title: 'Support', format: '.1%' },
  { field: 'confidence', type: 'quantitative', title: 'Confidence', format: '.0%' },
  { field: 'lift', type: 'quantitative', title: 'Lift', format: '.1f' },
];

/** A matrix: rows the product bought, columns the product also bought, each cell the rule's lift. */
export function basketPairsSpec(): ChartSpec {
  return {
    title: `Products bought together: up to ${BASKET_PAIRS_SHOWN} strongest rules by lift`,
    description: 'Matrix of the strongest product pairs: the product bought, the product also bought, and how many times more often than chance',
    transform: [
      { window: [{ op: 'row_number', as: 'strength' }], sort: [{ field: 'lift', order: 'descending' }] },
      { filter: `datum.strength <= ${BASKET_PAIRS_SHOWN}` },
    ],
    encoding: {
      x: { field: 'consequent', type: 'nominal', title: 'Also bought', axis: { labelAngle: -45 } },
      y: { field: 'antecedent', type: 'nominal', title: 'If bought' },
      tooltip,
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'lift',
            type: 'quantitative',
            title: 'Lift (times more often than chance)',
            scale: { scheme: 'oranges', zero: true },
            legend: { orient: 'top', direction: 'horizontal', titleLimit: 0, gradientLength: 160, format: '.0f' },
          },
        },
      },
      {
        // White on dark cells, dark on light ones (the shade is the lift against the largest shown).
        transform: [{ joinaggregate: [{ op: 'max', field: 'lift', as: 'strongest' }] }],
        mark: { type: 'text', fontSize: 9, baseline: 'middle' },
        encoding: {
          text: { field: 'lift', type: 'quantitative', format: '.0f', title: 'Lift' },
          color: { condition: { test: 'datum.lift > 0.6 * datum.strongest', value: '#ffffff' }, value: '#1d1d1b' },
        },
      },
    ],
    config: { view: { strokeWidth: 0 }, axis: { grid: false } },
  } as unknown as ChartSpec;
}
