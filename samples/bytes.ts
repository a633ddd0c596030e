/** A growable byte buffer with fast ASCII number writers: the CSV hot loop writes bytes, not strings. */

const encoder = new TextEncoder();
const DIGITS = 0x30;
const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/** Encodes text as UTF-8 bytes. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** Appends bytes and numbers to a buffer that grows as needed. */
export class ByteWriter {
  private buffer: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 20) {
    this.buffer = new Uint8Array(capacity);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const bigger = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    bigger.set(this.buffer.subarray(0, this.length));
    this.buffer = bigger;
  }

  /** Appends raw bytes. */
  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** Appends a copy of this writer's own bytes `[start, end)` (a repeated prefix, say). */
  repeat(start: number, end: number): void {
    this.ensure(end - start);
    this.buffer.copyWithin(this.length, start, end);
    this.length += end - start;
  }

  /** Appends one byte (an ASCII character code). */
  byte(code: number): void {
    this.ensure(1);
    this.buffer[this.length++] = code;
  }

  /** Appends a non-negative integer (below 2^31) left-padded with zeros to `width` digits. */
  padded(value: number, width: number): void {
    let digits = 1;
    for (let v = value; v >= 10; v = (v / 10) | 0) digits++;
    const size = digits > width ? digits : width;
    this.ensure(size);
    const buffer = this.buffer;
    let v = value | 0;
    for (let i = this.length + size - 1; i >= this.length; i--) {
      const q = (v / 10) | 0;
      buffer[i] = DIGITS + v - q * 10;
      v = q;
    }
    this.length += size;
  }

  /** Appends an integer (with a minus sign when negative). */
  int(value: number): void {
    if (value < 0) {
      this.byte(0x2d);
      value = -value;
    }
    this.padded(value, 1);
  }

  /** Appends non-negative cents as a decimal amount (`1299` → `12.99`). */
  money(cents: number): void {
    const whole = (cents / 100) | 0;
    this.padded(whole, 1);
    this.byte(0x2e);
    this.padded(cents - whole * 100, 2);
  }

  /** Appends a non-negative number rounded to `decimals` places (`fixed(0.12345, 3)` → `0.123`). */
  fixed(value: number, decimals: number): void {
    const scale = POWERS_OF_TEN[decimals]!;
    const scaled = Math.round(value * scale);
    const whole = Math.floor(scaled / scale);
    this.padded(whole, 1);
    this.byte(0x2e);
    this.padded(scaled - whole * scale, decimals);
  }

  /** The bytes written so far as a view that stays valid until the next write, and the writer emptied. */
  flush(): Uint8Array {
    const out = this.buffer.subarray(0, this.length);
    this.length = 0;
    return out;
  }
}
