/** Saves bytes or text as a file the browser downloads (no server: an object URL on a temporary link). */

/** Downloads `blob` as `filename`. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  downloadUrl(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads what `url` (a data: or blob: URL) holds as `filename`. */
export function downloadUrl(filename: string, url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}

/** A file name made of safe characters from `title`. */
export function safeFileName(title: string, fallback = 'notebook'): string {
  const cleaned = title.trim().replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/\s+/g, ' ').slice(0, 80).trim();
  return cleaned || fallback;
}
