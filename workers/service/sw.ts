/// <reference lib="webworker" />
/**
 * The app's service worker. It serves the precached app, so it works offline after one visit, and adds the
 * cross-origin isolation headers to every response it serves (isolation.ts), so from the second visit on the page is
 * `crossOriginIsolated` and DuckDB-WASM runs its threaded build. Built by vite-plugin-pwa (injectManifest), which
 * fills in `__WB_MANIFEST` with the precached files.
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { withIsolationHeaders } from './isolation';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

const isolate = { handlerWillRespond: async ({ response }: { response: Response }) => withIsolationHeaders(response) };

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
addPlugins([isolate]);
precacheAndRoute(self.__WB_MANIFEST);
// Every page of the app is index.html (a reload of any sub-path, offline included).
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
// DuckDB's threaded build (34 MB) is only used by isolated pages, that is from the second visit: it is cached when
// first fetched instead of on install, so a visit that never uses it never downloads it. Offline before that, the
// engine falls back to the precached single-threaded build (src/engine/browser.ts). A new version's binary (a new
// file name) replaces the old one. (workbox-expiration would keep its bookkeeping in IndexedDB, whose open connection
// in this worker blocks "Erase everything".)
const onlyTheLatest = {
  cacheDidUpdate: async ({ cacheName, request }: { cacheName: string; request: Request }) => {
    const cache = await caches.open(cacheName);
    for (const key of await cache.keys()) if (key.url !== request.url) await cache.delete(key);
  },
};
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && /duckdb-coi-[^/]*\.wasm$/.test(url.pathname),
  new CacheFirst({ cacheName: 'cohortbook-threaded-engine', plugins: [isolate, onlyTheLatest] }),
);
