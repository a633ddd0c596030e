/** Charts of the clustering: the silhouette and inertia for each k, and the customers on the two principal axes. */
import type { ChartSpec } from './spec';

/** The silhouette by k (higher is better; the chosen k marked) beside the inertia's elbow. */
export function clusterChoiceSpec(): ChartSpec {
  const x = { field: 'k', type: 'ordinal', title: 'Number of clusters (k)', axis: { labelAngle: 0 } };
  const tooltip = [
    { field: 'k', type: 'ordinal', title: 'Number of clusters (k)' },
    { field: 'silhouette', type: 'quantitative', title: 'Silhouette', format: '.2f' },
    { field: 'inertia', type: 'quantitative', title: 'Inertia', format: ',.0f' },
  ];
  return {
    description: 'Silhouette and inertia for each number of clusters; the chosen k is marked',
    hconcat: [
      {
        title: { text: 'Silhouette (higher: clearer groups)', aria: false },
        width: 260,
        height: 180,
        encoding: { x, y: { field: 'silhouette', type: 'quantitative', title: 'Silhouette', axis: { format: '.2f' } }, tooltip },
        layer: [
          { mark: { type: 'line', point: true, color: '#4c78a8' } },
          { transform: [{ filter: 'datum.chosen' }], mark: { type: 'point', size: 160, filled: false, color: '#e45756', strokeWidth: 2 } },
        ],
      },
      {
        title: { text: 'Inertia (look for the elbow)', aria: false },
        width: 260,
        height: 180,
        mark: { type: 'line', point: true, color: '#72b7b2' },
        encoding: { x, y: { field: 'inertia', type: 'quantitative', title: 'Inertia', axis: { format: '~s' } }, tooltip },
      },
    ],
  } as unknown as ChartSpec;
}

/** Customers (a sample) on the first two principal axes, coloured by cluster. */
export function clusterMapSpec(): ChartSpec {
  return {
    description: 'Customers on the two main axes of their buying, coloured by cluster',
    width: 520,
    height: 320,
    // Room for long (and CJK) group names in the legend: the worker only estimates text widths.
    padding: { left: 5, top: 5, bottom: 5, right: 90 },
    mark: { type: 'circle', size: 14, opacity: 0.6 },
    encoding: {
      x: { field: 'pc1', type: 'quantitative', title: 'First principal axis', axis: { format: '.1f' } },
      y: { field: 'pc2', type: 'quantitative', title: 'Second principal axis', axis: { format: '.1f' } },
      color: { field: 'cluster_name', type: 'nominal', title: 'Cluster', legend: { orient: 'right', labelLimit: 0 } },
      tooltip: [
        { field: 'cluster_name', type: 'nominal', title: 'Cluster' },
        { field: 'orders', type: 'quantitative', title: 'Orders', format: ',' },
        { field: 'recency_days', type: 'quantitative', title: 'Days since last order', format: ',' },
      ],
    },
  } as unknown as ChartSpec;
}
