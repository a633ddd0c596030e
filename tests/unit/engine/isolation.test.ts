/** Issue 25: what the service worker adds to make the page isolated, and how a threaded engine takes a picked file. */
import { describe, expect, it } from 'vitest';
import { blobRegistration, THREADED_COPY_LIMIT_BYTES } from '../../../src/engine/blob-registration';
import { ISOLATION_HEADERS, withIsolationHeaders } from '../../../workers/service/isolation';

describe('the isolation headers', () => {
  it('adds COOP and COEP and keeps the body, status and other headers', async () => {
    const served = withIsolationHeaders(new Response('<!doctype html>', { status: 200, statusText: 'OK', headers: { 'content-type': 'text/html' } }));
    expect(served.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(served.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(served.headers.get('content-type')).toBe('text/html');
    expect([served.status, served.statusText, await served.text()]).toEqual([200, 'OK', '<!doctype html>']);
    expect(Object.keys(ISOLATION_HEADERS)).toHaveLength(2);
  });

  it('replaces weaker values a host may have sent', () => {
    const served = withIsolationHeaders(new Response('', { headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' } }));
    expect(served.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('leaves a failed (network error) response alone', () => {
    const failed = Response.error();
    expect(withIsolationHeaders(failed)).toBe(failed);
  });
});

describe('a picked file on a threaded engine', () => {
  it('is read in place by a single-threaded engine, whatever its size', () => {
    expect(blobRegistration(10, 1)).toBe('handle');
    expect(blobRegistration(THREADED_COPY_LIMIT_BYTES * 4, 1)).toBe('handle');
  });

  it('is copied in up to the limit, and beyond it read in place on one thread (threads cannot read a handle)', () => {
    expect(blobRegistration(100 * 1024 * 1024, 2)).toBe('copy');
    expect(blobRegistration(THREADED_COPY_LIMIT_BYTES, 8)).toBe('copy');
    expect(blobRegistration(THREADED_COPY_LIMIT_BYTES + 1, 2)).toBe('handle, one thread');
  });
});
