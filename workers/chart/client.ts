/** The page's handle on the chart worker (started on first use): a spec and its rows in, SVG text out. */
import type { ChartApi } from './protocol';
import { RpcClient } from '../../src/rpc/client';
import { workerEndpoint } from '../../src/rpc/worker-endpoint';

let client: RpcClient<ChartApi> | null = null;

/**
 * Asks `chart` to draw `spec` with the rows of `data` (an Arrow IPC stream). A copy of the bytes is
 * moved to the worker, so the caller keeps its own for the next drawing (a resize, the dark theme).
 */
export function renderWith(
  chart: RpcClient<ChartApi>,
  spec: Record<string, unknown>,
  data: Uint8Array | null,
  config: Record<string, unknown>,
): Promise<string> {
  const moved = data ? data.slice() : null;
  return chart.call('render', { spec, data: moved, config }, { transfer: moved ? [moved.buffer] : [] });
}

/** Draws `spec` with the rows of `data` and `config` as SVG text in the chart worker. */
export function renderInWorker(spec: Record<string, unknown>, data: Uint8Array | null, config: Record<string, unknown>): Promise<string> {
  client ??= new RpcClient<ChartApi>(
    workerEndpoint(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'charts' })),
  );
  return renderWith(client, spec, data, config);
}
