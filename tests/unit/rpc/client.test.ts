import { afterEach, describe, expect, it } from 'vitest';
import { RpcAbortError, RpcClient, RpcDisconnectedError, type RpcEndpoint } from '../../../src/rpc/client';
import { RPC_VERSION, type RpcPort } from '../../../src/rpc/protocol';
import { serveRpc } from '../../../src/rpc/server';
import { transferring } from '../../../src/rpc/transfer';

type TestApi = {
  double: { params: { bytes: Uint8Array }; result: { bytes: Uint8Array } };
  fail: { params: { message: string }; result: never };
  hang: { params: null; result: never };
};

class NamedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NamedError';
  }
}

const channels: MessageChannel[] = [];

/** An endpoint over a real in-memory MessageChannel, with a handle to simulate the other side dying. */
function memoryEndpoint(started: { count: number }, die: { now?: (error: Error) => void }) {
  return (): RpcEndpoint => {
    started.count++;
    const channel = new MessageChannel();
    channels.push(channel);
    serveRpc<TestApi>(channel.port2 as unknown as RpcPort, {
      double: async ({ bytes }) => {
        const out = bytes.map((b) => b * 2);
        return transferring({ bytes: out }, [out.buffer]);
      },
      fail: async ({ message }) => {
        throw new NamedError(message);
      },
      hang: () => new Promise<never>(() => {}),
    });
    return {
      port: channel.port1 as unknown as RpcPort,
      onFailure: (callback) => {
        die.now = callback;
      },
      terminate: () => {
        channel.port1.close();
        channel.port2.close();
      },
    };
  };
}

afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

describe('RpcClient over an in-memory port', () => {
  it('answers a call and moves transferred buffers instead of copying them', async () => {
    const client = new RpcClient<TestApi>(memoryEndpoint({ count: 0 }, {}));
    const input = new Uint8Array([1, 2, 3]);
    const { bytes } = await client.call('double', { bytes: input }, { transfer: [input.buffer] });
    expect([...bytes]).toEqual([2, 4, 6]);
    expect(input.byteLength).toBe(0);
    expect(client.pendingCount).toBe(0);
  });

  it('matches answers to requests by id when many are in flight', async () => {
    const client = new RpcClient<TestApi>(memoryEndpoint({ count: 0 }, {}));
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => client.call('double', { bytes: new Uint8Array([n]) })),
    );
    expect(results.map((r) => r.bytes[0])).toEqual([2, 4, 6, 8]);
  });

  it('rebuilds remote errors with their name, message and remote stack', async () => {
    const client = new RpcClient<TestApi>(memoryEndpoint({ count: 0 }, {}), { NamedError });
    const error = await client.call('fail', { message: 'bad file' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NamedError);
    expect((error as Error).message).toBe('bad file');
    expect((error as Error).stack).toContain('bad file');
  });

  it('rejects every pending call when the worker dies, then starts a new one on the next call', async () => {
    const started = { count: 0 };
    const die: { now?: (error: Error) => void } = {};
    const client = new RpcClient<TestApi>(memoryEndpoint(started, die));
    const a = client.call('hang', null);
    const b = client.call('hang', null);
    expect(client.pendingCount).toBe(2);
    die.now!(new RpcDisconnectedError('worker crashed'));
    await expect(a).rejects.toThrow('worker crashed');
    await expect(b).rejects.toBeInstanceOf(RpcDisconnectedError);
    expect(client.pendingCount).toBe(0);
    const { bytes } = await client.call('double', { bytes: new Uint8Array([5]) });
    expect(bytes[0]).toBe(10);
    expect(started.count).toBe(2);
  });

  it('cancels a call through its AbortSignal and stops the worker', async () => {
    const started = { count: 0 };
    const client = new RpcClient<TestApi>(memoryEndpoint(started, {}));
    const controller = new AbortController();
    const call = client.call('hang', null, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(RpcAbortError);
    expect(client.pendingCount).toBe(0);
    await client.call('double', { bytes: new Uint8Array([1]) });
    expect(started.count).toBe(2);
  });

  it('hands messages that are not answers (progress events) to onEvent listeners, in order', async () => {
    type EventApi = { count: { params: { to: number }; result: { done: number } } };
    const client = new RpcClient<EventApi>(() => {
      const channel = new MessageChannel();
      channels.push(channel);
      const server = channel.port2 as unknown as RpcPort;
      serveRpc<EventApi>(server, {
        count: async ({ to }) => {
          for (let i = 1; i <= to; i++) server.postMessage({ v: RPC_VERSION, event: 'tick', i }, []);
          return { done: to };
        },
      });
      return { port: channel.port1 as unknown as RpcPort, onFailure: () => {}, terminate: () => channel.port1.close() };
    });
    const seen: unknown[] = [];
    const unsubscribe = client.onEvent((message) => seen.push(message));
    expect(await client.call('count', { to: 3 })).toEqual({ done: 3 });
    expect(seen).toEqual([1, 2, 3].map((i) => ({ v: RPC_VERSION, event: 'tick', i })));
    unsubscribe();
    await client.call('count', { to: 2 });
    expect(seen).toHaveLength(3);
    expect(client.pendingCount).toBe(0);
  });

  it('terminate() rejects pending calls instead of leaving them hanging', async () => {
    const client = new RpcClient<TestApi>(memoryEndpoint({ count: 0 }, {}));
    const call = client.call('hang', null);
    client.terminate();
    await expect(call).rejects.toBeInstanceOf(RpcDisconnectedError);
  });
});

describe('serveRpc', () => {
  it('refuses a request of another protocol version, naming the request id', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    serveRpc<TestApi>(channel.port2 as unknown as RpcPort, { double: async (p) => p, fail: async () => { throw new Error('x'); }, hang: () => new Promise(() => {}) });
    const answer = new Promise<unknown>((resolve) => {
      channel.port1.onmessage = (event) => resolve(event.data);
    });
    channel.port1.postMessage({ v: RPC_VERSION + 1, id: 7, method: 'double', params: { bytes: new Uint8Array() } });
    expect(await answer).toMatchObject({ id: 7, ok: false, error: { message: expect.stringContaining('version') } });
  });

  it('answers an unknown method with an error, not silence', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    serveRpc<TestApi>(channel.port2 as unknown as RpcPort, { double: async (p) => p, fail: async () => { throw new Error('x'); }, hang: () => new Promise(() => {}) });
    const answer = new Promise<unknown>((resolve) => {
      channel.port1.onmessage = (event) => resolve(event.data);
    });
    channel.port1.postMessage({ v: RPC_VERSION, id: 3, method: 'nope', params: null });
    expect(await answer).toMatchObject({ id: 3, ok: false, error: { message: 'Unknown method "nope".' } });
  });
});

describe('errors in every language', () => {
  it('carry their localized text across the boundary', async () => {
    const { serializeError, deserializeError } = await import('../../../src/rpc/protocol');
    const text = { en: 'Not a table.', 'zh-CN': '不是数据表。' };
    const wire = structuredClone(serializeError(Object.assign(new Error(text.en), { name: 'IngestError', text })));
    const rebuilt = deserializeError(wire, { IngestError: Error });
    expect(rebuilt.name).toBe('IngestError');
    expect((rebuilt as Error & { text?: unknown }).text).toEqual(text);
    expect(serializeError(new Error('plain'))).not.toHaveProperty('text');
  });
});
