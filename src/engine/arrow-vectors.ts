/**
 * Arrow columns built straight from their buffers. apache-arrow's `vectorFromArray` goes through its
 * builders, which compile a null-check with `new Function`: the app's Content-Security-Policy
 * (`script-src 'self'`, no 'unsafe-eval') forbids that on the page, so code that writes tables from
 * the page (model scores) builds its vectors here instead, and reads big text columns here too.
 */
import { Bool, DataType, Float64, Int32, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';

/** Text column (no nulls). ASCII text (ids, most names) is encoded in one call rather than one per value. */
export function utf8Vector(values: readonly string[]): Vector<Utf8> {
  const valueOffsets = new Int32Array(values.length + 1);
  const joined = values.join('');
  let data: Uint8Array;
  if (/^[\x00-\x7f]*$/.test(joined)) {
    values.forEach((v, i) => (valueOffsets[i + 1] = valueOffsets[i]! + v.length));
    data = new TextEncoder().encode(joined);
  } else {
    const encoder = new TextEncoder();
    const parts = values.map((v) => encoder.encode(v));
    parts.forEach((bytes, i) => (valueOffsets[i + 1] = valueOffsets[i]! + bytes.length));
    data = new Uint8Array(valueOffsets[values.length]!);
    parts.forEach((bytes, i) => data.set(bytes, valueOffsets[i]!));
  }
  return makeVector(makeData({ type: new Utf8(), length: values.length, nullCount: 0, valueOffsets, data }));
}

/** Float column; non-finite values (NaN, ±Infinity) become nulls. A Float64Array is used as it is, not copied. */
export function float64Vector(values: ArrayLike<number>): Vector<Float64> {
  const data = values instanceof Float64Array ? values : Float64Array.from(values);
  let finite = true;
  for (let i = 0; i < data.length && finite; i++) finite = data[i]! - data[i]! === 0;
  if (finite) return makeVector(makeData({ type: new Float64(), length: data.length, nullCount: 0, data }));
  const { nullBitmap, nullCount } = validity(data.length, (i) => Number.isFinite(data[i]!));
  return makeVector(makeData({ type: new Float64(), length: data.length, nullCount, data, nullBitmap }));
}

/** 32-bit integer column (no nulls). An Int32Array is used as it is, not copied. */
export function int32Vector(values: ArrayLike<number>): Vector<Int32> {
  return makeVector(values instanceof Int32Array ? values : Int32Array.from(values));
}

/** Boolean column (no nulls). */
export function boolVector(values: readonly boolean[]): Vector<Bool> {
  const data = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v) data[i >> 3]! |= 1 << (i & 7);
  });
  return makeVector(makeData({ type: new Bool(), length: values.length, nullCount: 0, data }));
}

function validity(length: number, valid: (i: number) => boolean): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (valid(i)) nullBitmap[i >> 3]! |= 1 << (i & 7);
    else nullCount++;
  }
  return { nullBitmap, nullCount };
}

/**
 * The values of a text column as strings (null for NULL). Decoding value by value costs one TextDecoder
 * call per row (≈90 ms for 100k ids on the page); an ASCII chunk is decoded once and sliced instead.
 */
export function utf8Strings(vector: Vector): (string | null)[] {
  if (!DataType.isUtf8(vector.type)) return Array.from(vector.toArray() as ArrayLike<string | null>);
  const decoder = new TextDecoder();
  const out: (string | null)[] = new Array(vector.length);
  let k = 0;
  for (const data of vector.data) {
    const offsets = data.valueOffsets as Int32Array;
    const values = data.values as Uint8Array;
    const start = offsets[0] ?? 0;
    const bytes = values.subarray(start, offsets[data.length] ?? start);
    const ascii = bytes.every((b) => b < 0x80);
    const text = ascii ? decoder.decode(bytes) : '';
    for (let i = 0; i < data.length; i++) {
      const from = offsets[i]!;
      const to = offsets[i + 1]!;
      out[k++] = !data.getValid(i) ? null : ascii ? text.slice(from - start, to - start) : decoder.decode(values.subarray(from, to));
    }
  }
  return out;
}

/** Typed arrays a numeric column can be copied into. */
export type NumericArray = Int32Array | Uint8Array | Float64Array;

/** Copies a numeric column (no nulls) into `out` from `at`, one `set` per record batch. */
export function copyNumericColumn(vector: Vector, out: NumericArray, at = 0): void {
  for (const data of vector.data) {
    const values = data.values as NumericArray;
    out.set(values.subarray(data.offset, data.offset + data.length) as never, at);
    at += data.length;
  }
}
