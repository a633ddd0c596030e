/** The count models chart over a counts cell's table (rows model, mae, poisson_deviance): lower is better. */
import type { ChartSpec } from './spec';

export function countModelsSpec(): ChartSpec {
  return {
    description: 'Poisson deviance of each model on the held-out days (lower is better)',
    width: 420,
    height: { step: 28 },
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: {
      y: { field: 'model', type: 'nominal', title: 'Model', sort: 'x' },
      x: { field: 'poisson_deviance', type: 'quantitative', title: 'Poisson deviance (lower is better)' },
      tooltip: [
        { field: 'model', type: 'nominal', title: 'Model' },
        { field: 'poisson_deviance', type: 'quantitative', title: 'Poisson deviance', format: '.4f' },
        { field: 'mae', type: 'quantitative', title: 'Mean absolute error', format: '.4f' },
      ],
    },
  } as ChartSpec;
}
