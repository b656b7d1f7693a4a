const STORAGE_KEY = 'parallax:anonymous-user-id';

/**
 * A stable id for this browser until accounts exist, so a person's edits carry the same `createdBy` across reloads.
 * Browser-local and unauthenticated: it attributes, it does not authorise.
 */
export function anonymousUserId(storage: Storage = localStorage): string {
  const existing = storage.getItem(STORAGE_KEY);
  if (existing) return existing;
  const id = `anon-${crypto.randomUUID()}`;
  storage.setItem(STORAGE_KEY, id);
  return id;
}
