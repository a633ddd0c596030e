/**
 * The order in which one engine lane runs requests: one at a time, the most urgent first (interactive
 * before normal before background, first come first served within a priority), like Mosaic's
 * QueryManager. A request that has not started yet is dropped when its signal aborts or when a later
 * request with the same `supersede` key arrives (a grid that scrolled on no longer needs the old window).
 * Pure scheduling: what a request does is the caller's closure.
 */

/** How urgent a request is: what the user is looking at now goes first. */
export type Priority = 'interactive' | 'normal' | 'background';

/** How a request is queued. */
export interface RequestOptions {
  priority?: Priority;
  /** A later request with the same key drops this one if it is still waiting. */
  supersede?: string;
  /** Aborting drops the request if it is still waiting (and, for a running one, asks the lane to stop it). */
  signal?: AbortSignal;
}

/** A request dropped before it ran: a later one replaced it, or its caller gave up on it. */
export class RequestDroppedError extends Error {
  constructor(reason: 'superseded' | 'aborted') {
    super(reason === 'superseded' ? 'A newer request replaced this one before it ran.' : 'This request was cancelled before it ran.');
    this.name = 'AbortError';
  }
}

const RANK: Record<Priority, number> = { interactive: 0, normal: 1, background: 2 };

interface Waiting {
  rank: number;
  order: number;
  supersede: string | undefined;
  start(): void;
  drop(error: RequestDroppedError): void;
}

/** One lane of requests, run one at a time in priority order. */
export class QueryQueue {
  private waiting: Waiting[] = [];
  private busy = false;
  private counter = 0;

  /** @param stopRunning asked to stop the running request when its signal aborts (e.g. DuckDB's interrupt). */
  constructor(private readonly stopRunning: () => void = () => {}) {}

  /** How many requests wait (the running one not counted). */
  get size(): number {
    return this.waiting.length;
  }

  /** Runs `work` when its turn comes; settles with its result. */
  run<T>(work: () => Promise<T>, options: RequestOptions = {}): Promise<T> {
    const { priority = 'normal', supersede, signal } = options;
    if (signal?.aborted) return Promise.reject(new RequestDroppedError('aborted'));
    if (supersede !== undefined) {
      for (const old of this.waiting.filter((w) => w.supersede === supersede)) this.remove(old).drop(new RequestDroppedError('superseded'));
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        if (this.waiting.includes(entry)) this.remove(entry).drop(new RequestDroppedError('aborted'));
        else if (running) this.stopRunning();
      };
      let running = false;
      const entry: Waiting = {
        rank: RANK[priority],
        order: this.counter++,
        supersede,
        start: () => {
          running = true;
          new Promise<T>((done) => done(work()))
            .then(resolve, reject)
            .finally(() => {
              running = false;
              signal?.removeEventListener('abort', onAbort);
              this.busy = false;
              this.next();
            });
        },
        drop: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort);
      this.waiting.push(entry);
      this.next();
    });
  }

  private next(): void {
    if (this.busy || this.waiting.length === 0) return;
    let best = this.waiting[0]!;
    for (const w of this.waiting) if (w.rank < best.rank || (w.rank === best.rank && w.order < best.order)) best = w;
    this.remove(best);
    this.busy = true;
    best.start();
  }

  private remove(entry: Waiting): Waiting {
    this.waiting = this.waiting.filter((w) => w !== entry);
    return entry;
  }
}
