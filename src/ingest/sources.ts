/** ByteSource adapters for in-memory bytes and browser Blobs (Node paths live in sources-node.ts). */
import type { ByteSource } from './types';

/** A ByteSource over bytes already in memory. */
export function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    read: async (start = 0, end = bytes.byteLength) => bytes.subarray(start, end),
    fileSource: () => ({ kind: 'buffer', bytes }),
  };
}

/** A ByteSource over a browser File or Blob; DuckDB reads it lazily through the file handle. */
export function blobSource(name: string, blob: Blob): ByteSource {
  return {
    name,
    size: blob.size,
    read: async (start = 0, end = blob.size) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
    fileSource: () => ({ kind: 'blob', blob }),
  };
}
