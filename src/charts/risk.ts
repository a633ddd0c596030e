/** The risk flags chart over `risk_reasons` (rows reason, flags): how many flags each reason raised. */
import type { ChartSpec } from './spec';

/** One bar per reason, longest first. */
export function riskReasonsSpec(): ChartSpec {
  return {
    description: 'Flags raised by each reason',
    width: 480,
    height: { step: 26 },
    mark: { type: 'bar', color: '#e45756' },
    encoding: {
      y: { field: 'reason', type: 'nominal', title: 'Reason', sort: '-x' },
      x: { field: 'flags', type: 'quantitative', title: 'Flags' },
      tooltip: [
        { field: 'reason', type: 'nominal', title: 'Reason' },
        { field: 'flags', type: 'quantitative', title: 'Flags', format: ',' },
      ],
    },
  } as ChartSpec;
}
