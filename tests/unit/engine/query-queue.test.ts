import { describe, expect, it } from 'vitest';
import { QueryQueue, RequestDroppedError } from '../../../src/engine/query-queue';

/** A job that records when it starts and finishes when told to. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    open,
    work: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
      return name;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('QueryQueue', () => {
  it('runs one request at a time, the most urgent waiting one next, in arrival order within a priority', async () => {
    const log: string[] = [];
    const queue = new QueryQueue();
    const first = gate(log, 'first');
    const running = queue.run(first.work, { priority: 'background' });
    const later = [
      queue.run(async () => void log.push('background'), { priority: 'background' }),
      queue.run(async () => void log.push('normal'), {}),
      queue.run(async () => void log.push('interactive 1'), { priority: 'interactive' }),
      queue.run(async () => void log.push('interactive 2'), { priority: 'interactive' }),
    ];
    await settle();
    expect(log).toEqual(['start first']);
    expect(queue.size).toBe(4);
    first.open();
    expect(await running).toBe('first');
    await Promise.all(later);
    expect(log).toEqual(['start first', 'end first', 'interactive 1', 'interactive 2', 'normal', 'background']);
  });

  it('drops a waiting request when a later one with the same key arrives, and only that one', async () => {
    const log: string[] = [];
    const queue = new QueryQueue();
    const first = gate(log, 'first');
    void queue.run(first.work);
    const old = queue.run(async () => void log.push('window 1'), { supersede: 'grid' });
    const other = queue.run(async () => void log.push('other grid'), { supersede: 'grid 2' });
    const latest = queue.run(async () => void log.push('window 2'), { supersede: 'grid' });
    await expect(old).rejects.toBeInstanceOf(RequestDroppedError);
    first.open();
    await Promise.all([other, latest]);
    expect(log).toEqual(['start first', 'end first', 'other grid', 'window 2']);
  });

  it('drops a waiting request whose signal aborts, and asks the lane to stop a running one', async () => {
    const log: string[] = [];
    let stops = 0;
    const queue = new QueryQueue(() => stops++);
    const first = gate(log, 'first');
    const running = new AbortController();
    const firstRun = queue.run(first.work, { signal: running.signal });
    const waiting = new AbortController();
    const dropped = queue.run(async () => void log.push('never'), { signal: waiting.signal });
    waiting.abort();
    await expect(dropped).rejects.toThrow('cancelled before it ran');
    running.abort();
    expect(stops).toBe(1);
    first.open();
    await firstRun;
    await expect(queue.run(async () => 1, { signal: waiting.signal })).rejects.toBeInstanceOf(RequestDroppedError);
    expect(await queue.run(async () => 'next')).toBe('next');
    expect(log).toEqual(['start first', 'end first']);
  });

  it('keeps going after a request fails or throws at once', async () => {
    const queue = new QueryQueue();
    await expect(queue.run(() => Promise.reject(new Error('bad SQL')))).rejects.toThrow('bad SQL');
    await expect(queue.run(() => { throw new Error('thrown'); })).rejects.toThrow('thrown');
    expect(await queue.run(async () => 2)).toBe(2);
  });
});
