/** ByteSource over a file on the local disk (command line, tests, bench). */
import fs from 'node:fs';
import path from 'node:path';
import type { ByteSource } from './types';

/** A ByteSource that reads a local file on demand. */
export function pathSource(filePath: string): ByteSource {
  const size = fs.statSync(filePath).size;
  return {
    name: path.basename(filePath),
    size,
    read: async (start = 0, end = size) => {
      const length = Math.max(0, Math.min(end, size) - start);
      const buffer = new Uint8Array(length);
      const fd = fs.openSync(filePath, 'r');
      try {
        let offset = 0;
        while (offset < length) {
          const n = fs.readSync(fd, buffer, offset, length - offset, start + offset);
          if (n === 0) break;
          offset += n;
        }
      } finally {
        fs.closeSync(fd);
      }
      return buffer;
    },
    fileSource: () => ({ kind: 'path', path: path.resolve(filePath) }),
  };
}
