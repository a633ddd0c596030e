/**
 * The two headers that make a page cross-origin isolated. Static hosts such as GitHub Pages cannot set them,
 * so the service worker adds them to what it serves (workers/service/sw.ts); an isolated page may share memory
 * with its workers, which DuckDB-WASM's threaded build needs (src/engine/browser.ts). `require-corp` blocks
 * only other origins' resources that do not opt in, and the app loads nothing from another origin.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The same response with the isolation headers; opaque responses (another origin's, unreadable) pass unchanged. */
export function withIsolationHeaders(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
