/** What the chart worker does with each request (served by worker.ts; tests serve it over a MessageChannel). */
import { specWithData } from '../../src/notebook/chart-data';
import { renderChartSvg } from '../../src/notebook/chart-render';
import type { RpcHandlers } from '../../src/rpc/server';
import type { ChartApi } from './protocol';

export const chartHandlers: RpcHandlers<ChartApi> = {
  render: ({ spec, data, config }) => renderChartSvg(specWithData(spec, data), config),
};
