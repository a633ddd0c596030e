/** The ingest worker's API: decoding (transcoding, Parquet/xlsx/JSON parsing) off the main thread. */
import type { Decoded, Sniffed } from '../../src/ingest/types';

/** The file to decode: a browser File/Blob (cloned by reference, no copy) or bytes (transferred). */
export type DecodeInput = { name: string; blob: Blob } | { name: string; bytes: Uint8Array };

export type IngestApi = {
  decode: { params: { input: DecodeInput; sniffed: Sniffed }; result: Decoded };
};
