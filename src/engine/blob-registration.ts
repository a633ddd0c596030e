/** How the browser engine takes a picked file (a Blob): read in place, or copied into the engine's memory. */

/**
 * The most bytes a threaded engine copies into its memory to read a file with every thread. Its helper threads
 * cannot read a file handle: a handle read by two threads gives no rows and no error (docs/performance.md).
 */
export const THREADED_COPY_LIMIT_BYTES = 256 * 1024 * 1024;

/** How a picked file is given to an engine running `threads` threads. */
export type BlobRegistration = 'handle' | 'copy' | 'handle, one thread';

/** A handle on one thread reads the file in place; threads need a copy, and a bigger file is read on one thread. */
export function blobRegistration(bytes: number, threads: number): BlobRegistration {
  if (threads <= 1) return 'handle';
  return bytes <= THREADED_COPY_LIMIT_BYTES ? 'copy' : 'handle, one thread';
}
