/**
 * Heavy page work (drawing a chart, mounting a code editor) queued so that it runs one job at a time,
 * each job starting in a task of its own. Without it, the promise chains of a dozen charts and editors
 * inserted together resolve in one microtask cascade and block the page for 100 ms and more; with it,
 * input and painting get their turn between jobs (and, with `nextTask`, between a job's steps).
 */

type PostTask = (callback: () => void, options?: { priority?: 'user-blocking' | 'user-visible' | 'background' }) => Promise<void>;

/** Resolves in a new task (not a microtask), after the browser has had a chance to handle input. */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;
  if (scheduler?.postTask) return scheduler.postTask(() => undefined, { priority: 'user-visible' });
  // MessageChannel is not throttled like a nested setTimeout.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

let tail: Promise<unknown> = Promise.resolve();

/** Runs `job` after every job queued before it, starting in a task of its own; its failure stays its own. */
export function queueUiWork<T>(job: () => T | Promise<T>): Promise<T> {
  const run = tail.then(nextTask).then(job);
  tail = run.catch(() => undefined);
  return run;
}
