/**
 * Training loops' pauses (src/models/model.ts): short rounds go straight on; after a long stretch of work
 * the loop rests the idle share of it (so training workers leave the page a core on a small machine).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { leaveIdle, pauser } from '../../../src/models/model';

/** Keeps this thread busy for `ms`. */
function work(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy */
  }
}

afterEach(() => leaveIdle(0));

describe('pauser', () => {
  it('does not stop at all before `everyMs` of work', async () => {
    leaveIdle(0.5);
    const pause = pauser(1_000);
    let resumedSync = false;
    const waiting = pause().then(() => (resumedSync = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(resumedSync).toBe(true);
    await waiting;
  });

  it('rests the idle share of the time worked: half of it at 0.5 means as long again', async () => {
    leaveIdle(0.5);
    const pause = pauser(10);
    work(60);
    const started = performance.now();
    await pause();
    // A lower bound only (timers never fire early by more than a millisecond); no upper bound on a busy machine.
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('clamps the share: never idle for good, nonsense means none', async () => {
    leaveIdle(5);
    let pause = pauser(10);
    work(20);
    let started = performance.now();
    await pause();
    expect(performance.now() - started).toBeGreaterThanOrEqual(20 * 9 - 5); // 0.9 / 0.1 = 9 times the work
    leaveIdle(Number.NaN);
    pause = pauser(10);
    work(20);
    started = performance.now();
    await pause();
    expect(performance.now() - started).toBeLessThan(20 * 9 - 5);
  });
});
