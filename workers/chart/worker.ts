/// <reference lib="webworker" />
/**
 * Draws charts away from the page: the rows are decoded from Arrow, Vega-Lite compiles, Vega runs its
 * dataflow and writes SVG text here, so a heatmap of a thousand cells or a chart of five thousand rows
 * never blocks scrolling or typing.
 */
import type { RpcPort } from '../../src/rpc/protocol';
import { serveRpc } from '../../src/rpc/server';
import { chartHandlers } from './handlers';
import type { ChartApi } from './protocol';

serveRpc<ChartApi>(self as unknown as RpcPort, chartHandlers);
