/**
 * The chart worker's API: draws a Vega-Lite spec as SVG text, off the page's thread. The rows come as
 * an Arrow IPC stream (moved, not cloned) and become row objects only in the worker.
 */

export type ChartApi = {
  render: {
    params: { spec: Record<string, unknown>; data: Uint8Array | null; config: Record<string, unknown> };
    result: string;
  };
};
