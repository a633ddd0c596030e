/**
 * The chart worker's protocol, served in Node over a real MessageChannel: the rows cross as an Arrow
 * IPC stream in a moved buffer (never as row objects), and the worker draws them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { chartDataOf } from '../../../src/notebook/chart-data';
import { RpcClient, type RpcEndpoint } from '../../../src/rpc/client';
import type { RpcPort } from '../../../src/rpc/protocol';
import { serveRpc } from '../../../src/rpc/server';
import { renderWith } from '../../../workers/chart/client';
import { chartHandlers } from '../../../workers/chart/handlers';
import type { ChartApi } from '../../../workers/chart/protocol';

const channels: MessageChannel[] = [];
let db: Db | null = null;
afterAll(async () => {
  for (const channel of channels) channel.port1.close();
  await db?.close();
});

/** A client of the real chart handlers, recording every message it posts and what it moves. */
function chartOverChannel(sent: { message: unknown; transfer: Transferable[] }[]): RpcClient<ChartApi> {
  const channel = new MessageChannel();
  channels.push(channel);
  serveRpc<ChartApi>(channel.port2 as unknown as RpcPort, chartHandlers);
  const port = channel.port1 as unknown as RpcPort;
  const recording: RpcPort = {
    postMessage: (message, transfer) => {
      sent.push({ message, transfer });
      port.postMessage(message, transfer);
    },
    set onmessage(handler) {
      port.onmessage = handler;
    },
    get onmessage() {
      return port.onmessage;
    },
  };
  const endpoint: RpcEndpoint = { port: recording, onFailure: () => {}, terminate: () => channel.port1.close() };
  return new RpcClient<ChartApi>(() => endpoint);
}

describe('the chart worker protocol', () => {
  it('sends the rows as an Arrow IPC stream in a moved buffer and draws them', async () => {
    db = await openNodeDb();
    const table = await db.query(`SELECT 'month ' || range AS label, range * 10 AS amount FROM range(3)`);
    const data = chartDataOf(table);
    const spec = { mark: 'bar', encoding: { x: { field: 'label', type: 'nominal' }, y: { field: 'amount', type: 'quantitative' } } };
    const sent: { message: unknown; transfer: Transferable[] }[] = [];
    const svg = await renderWith(chartOverChannel(sent), spec, data, {});

    expect(sent).toHaveLength(1);
    const params = (sent[0]!.message as { params: ChartApi['render']['params'] }).params;
    expect(params.spec).toEqual(spec);
    expect(params.data).toBeInstanceOf(Uint8Array);
    expect(JSON.stringify(params.spec)).not.toContain('month');
    expect(sent[0]!.transfer).toEqual([params.data!.buffer]);
    expect(params.data!.byteLength).toBe(0); // moved to the worker's side
    expect(data.byteLength).toBeGreaterThan(0); // the caller keeps its own bytes for the next drawing
    for (const label of ['month 0', 'month 1', 'month 2']) expect(svg).toContain(label);
    expect(svg.match(/role="graphics-symbol"/g)?.length ?? (svg.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('draws a spec that inlines its own values when no data is sent', async () => {
    const sent: { message: unknown; transfer: Transferable[] }[] = [];
    const spec = { data: { values: [{ a: 'only row', b: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'nominal' } } };
    const svg = await renderWith(chartOverChannel(sent), spec, null, {});
    expect(sent[0]!.transfer).toEqual([]);
    expect(svg).toContain('only row');
  });
});
