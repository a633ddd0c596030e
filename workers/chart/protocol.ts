/** The chart worker's API: draws a Vega-Lite spec (data inlined) as SVG text, off the page's thread. */

export type ChartApi = {
  render: { params: { spec: Record<string, unknown>; config: Record<string, unknown> }; result: string };
};
