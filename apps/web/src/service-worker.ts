/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Lets an incident page load without a network, so edits made offline (kept in IndexedDB by the page) survive a
 * reload and are sent when the connection is back. The app's files are cached at install; the few API answers the
 * incident page needs to start (who is signed in, the incident and the person's role, their preferences and last
 * view) are fetched from the network when it answers and from the last good copy when it does not. Nothing else
 * of the API is cached, and signing out drops those copies (`API_CACHE`).
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const APP_CACHE = `parallax-app-${version}`;
/** Also named in src/lib/sync/offline-copies.ts, which deletes it on sign-out. */
const API_CACHE = 'parallax-api';
/** The app shell: the server answers every page path with the same fallback document. */
const SHELL = '/';
const ASSETS = new Set([...build, ...files]);

/** API reads the incident page needs to open; everything else goes to the network only. */
const OFFLINE_READS = [
  /^\/api\/me$/,
  /^\/api\/me\/preferences$/,
  /^\/api\/incidents\/[0-9a-f-]{36}$/,
  /^\/api\/incidents\/[0-9a-f-]{36}\/last-view$/,
];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(APP_CACHE);
      await cache.addAll([...ASSETS, SHELL]);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== APP_CACHE && key !== API_CACHE) await caches.delete(key);
      }
      await sw.clients.claim();
    })(),
  );
});

/** Network first; a good answer refreshes the copy, a failed network serves the copy (or fails as before). */
async function networkFirst(request: Request, cacheName: string, cacheKey: Request | string): Promise<Response> {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(cacheKey, response.clone());
    return response;
  } catch (error) {
    const copy = await cache.match(cacheKey);
    if (copy) return copy;
    throw error;
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;

  if (ASSETS.has(url.pathname)) {
    event.respondWith((async () => (await caches.match(url.pathname, { cacheName: APP_CACHE })) ?? fetch(request))());
  } else if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, APP_CACHE, SHELL));
  } else if (OFFLINE_READS.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(networkFirst(request, API_CACHE, request));
  }
});
