/** One long-running job the user can watch and cancel (a load, a re-mapping). */
import type { LoadProgress } from '../ingest/load';
import type { MessageKey, MessageParams } from './i18n';

/** A running job: label, progress and an abort signal that the job's steps honour. */
export class Task {
  stage = $state<LoadProgress['stage'] | null>(null);
  fraction = $state<number | null>(null);
  readonly startedAt: number;
  private readonly controller = new AbortController();

  constructor(
    readonly label: MessageKey,
    readonly params: MessageParams,
    now: number,
  ) {
    this.startedAt = now;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Records progress; throws if the job was cancelled, which stops the job at its next step. */
  update(progress: LoadProgress): void {
    this.signal.throwIfAborted();
    this.stage = progress.stage;
    this.fraction = progress.fraction;
  }

  cancel(): void {
    this.controller.abort(cancelled());
  }
}

/** The error a cancelled job ends with. */
export function cancelled(): Error {
  const error = new Error('Cancelled.');
  error.name = 'AbortError';
  return error;
}

/** Settles with `work`, or rejects as soon as `signal` aborts (the work may still finish unseen). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
