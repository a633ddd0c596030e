/** The page's handle on the chart worker (started on first use): a spec in, SVG text out. */
import type { ChartApi } from './protocol';
import { RpcClient } from '../../src/rpc/client';
import { workerEndpoint } from '../../src/rpc/worker-endpoint';

let client: RpcClient<ChartApi> | null = null;

/** Draws `spec` with `config` as SVG text in the chart worker. */
export function renderInWorker(spec: Record<string, unknown>, config: Record<string, unknown>): Promise<string> {
  client ??= new RpcClient<ChartApi>(
    workerEndpoint(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'charts' })),
  );
  return client.call('render', { spec, config });
}
