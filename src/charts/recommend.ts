/** The recommender's holdout scores beside the best sellers': one bar per recommender for each measure. */
import type { ChartSpec } from './spec';

/**
 * Bars over `recommendation_scores` (long form: recommender, measure, value; the labels are written in the
 * notebook's language by the SQL cell), each measure a row, the two recommenders side by side.
 */
export function recommendationScoresSpec(): ChartSpec {
  return {
    title: 'Suggestions against best sellers on the held-out days (higher is better)',
    description: 'Bars of precision, recall, hit rate and NDCG for the suggested products and for offering the best sellers',
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'measure', type: 'nominal', title: null, sort: null },
      yOffset: { field: 'recommender', type: 'nominal', sort: null },
      x: { field: 'value', type: 'quantitative', title: 'Score', axis: { format: '.0%' } },
      color: { field: 'recommender', type: 'nominal', title: 'Recommender', sort: null, scale: { range: ['#4c78a8', '#bab0ac'] }, legend: { orient: 'top', titleLimit: 0, labelLimit: 0 } },
      tooltip: [
        { field: 'recommender', type: 'nominal', title: 'Recommender' },
        { field: 'measure', type: 'nominal', title: 'Measure' },
        { field: 'value', type: 'quantitative', title: 'Score', format: '.1%' },
      ],
    },
    width: 420,
  } as unknown as ChartSpec;
}
