/**
 * What a signed-in person leaves in this browser for working offline: a copy of each incident they opened
 * (IndexedDB, one database per incident and person) and the service worker's copies of a few API answers.
 * Signing out removes them, so the next person on a shared computer finds nothing of theirs.
 */

/** The IndexedDB database of one person's copy of one incident; per person so a shared browser never mixes them. */
export function offlineCopyName(incidentId: string, userId: string): string {
  return `parallax:incident:${incidentId}:user:${userId}`;
}

/** Where the count of changes not saved yet is kept, so "N changes not saved yet" survives a reload. */
export function pendingChangesKey(incidentId: string, userId: string): string {
  return `parallax:pending:${incidentId}:${userId}`;
}

/** The service worker's cache of API answers (src/service-worker.ts names it too). */
export const OFFLINE_API_CACHE = 'parallax-api';

export async function forgetOfflineCopies(userId: string): Promise<void> {
  if ('caches' in window) await caches.delete(OFFLINE_API_CACHE);
  const suffix = `:user:${userId}`;
  const databases = await indexedDB.databases();
  for (const { name } of databases) {
    if (name?.startsWith('parallax:incident:') && name.endsWith(suffix)) indexedDB.deleteDatabase(name);
  }
  for (let i = localStorage.length - 1; i >= 0; i -= 1) {
    const key = localStorage.key(i);
    if (key?.startsWith('parallax:pending:') && key.endsWith(`:${userId}`)) localStorage.removeItem(key);
  }
}
