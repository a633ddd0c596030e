/** Append-only typed-array columns that double their capacity, for millions of rows without JS objects. */

type NumberArray = Int32Array | Uint8Array | Float64Array;

/** A growable column of numbers backed by a typed array. */
export class GrowableColumn<T extends NumberArray> {
  private data: T;
  length = 0;

  constructor(private readonly make: (capacity: number) => T, capacity = 1024) {
    this.data = make(capacity);
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The filled part as a typed array (a view, not a copy). */
  values(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** A growable Int32 column. */
export const int32Column = (): GrowableColumn<Int32Array> => new GrowableColumn((n) => new Int32Array(n));
/** A growable Uint8 column. */
export const uint8Column = (): GrowableColumn<Uint8Array> => new GrowableColumn((n) => new Uint8Array(n));
/** A growable Float64 column. */
export const float64Column = (): GrowableColumn<Float64Array> => new GrowableColumn((n) => new Float64Array(n));
