/**
 * How many items of a long list to mount: `step` at first, `step` more per task of the UI queue, then every
 * item at once (an item added later mounts straight away). A new `key` (another notebook) starts over.
 * The notebook's cells mount this way: its panel and a dozen cell toolbars made one 52–58 ms task of the moment
 * the first load landed, measured in the bench after every other part of that moment had been split.
 * Call while a component initialises (it owns effects).
 */
import { untrack } from 'svelte';
import { queueUiWork } from './ui-queue';

export class MountInSteps {
  #count = $state(0);
  #complete = $state(false);
  #key: string;

  constructor(key: () => string, total: () => number, step: number) {
    this.#key = untrack(key);
    this.#count = step;
    $effect.pre(() => {
      const current = key();
      if (current === this.#key) return;
      this.#key = current;
      this.#complete = false;
      this.#count = step;
    });
    $effect(() => {
      if (this.#complete) return;
      if (this.#count >= total()) {
        this.#complete = true;
        return;
      }
      let gone = false;
      void queueUiWork(() => {
        if (!gone) this.#count += step;
      });
      return () => {
        gone = true;
      };
    });
  }

  /** The number of items to mount now. */
  get count(): number {
    return this.#complete ? Number.POSITIVE_INFINITY : this.#count;
  }
}
