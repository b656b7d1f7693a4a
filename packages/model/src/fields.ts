/**
 * Field-level reads and writes on entity maps. Reads tolerate anything another client may have stored (they never
 * throw); writes touch Yjs only when the value actually changes, so no-op updates produce no update messages.
 */
import * as Y from 'yjs';
import { normalizeTimeZone, urlSchema } from './schema.ts';

type Scalar = string | number | null;

/** Writes `value` unless the stored value is already identical. Returns whether it wrote. */
export function setField(map: Y.Map<unknown>, key: string, value: Scalar): boolean {
  if (map.has(key) && map.get(key) === value) return false;
  map.set(key, value);
  return true;
}

export function readString(map: Y.Map<unknown>, key: string, fallback = ''): string {
  const value = map.get(key);
  return typeof value === 'string' ? value : fallback;
}

export function readNullableString(map: Y.Map<unknown>, key: string): string | null {
  const value = map.get(key);
  return typeof value === 'string' ? value : null;
}

export function readEnum<T extends string>(map: Y.Map<unknown>, key: string, allowed: readonly T[], fallback: T): T {
  const value = map.get(key);
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function readNullableEnum<T extends string>(map: Y.Map<unknown>, key: string, allowed: readonly T[]): T | null {
  const value = map.get(key);
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/**
 * A zone every Intl API accepts: an unknown zone from another writer would make time formatting throw in the UI,
 * so it reads as UTC.
 */
export function readTimeZone(map: Y.Map<unknown>, key: string): string {
  const value = map.get(key);
  return (typeof value === 'string' && normalizeTimeZone(value)) || 'UTC';
}

/** Links are rendered as anchors, so anything but http(s) (say, `javascript:`) from another writer reads as ''. */
export function readUrl(map: Y.Map<unknown>, key: string): string {
  const value = map.get(key);
  return typeof value === 'string' && isHttpUrl(value) ? value : '';
}

/** A UTC instant in canonical `toISOString()` form, or null when the stored value is not a parseable date. */
export function readInstant(map: Y.Map<unknown>, key: string): string | null {
  const value = map.get(key);
  if (typeof value !== 'string') return null;
  // Date.parse accepts more than ISO 8601 (e.g. "March 10"); only ISO-looking values from other writers count.
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

/** Prose is a Y.Text; a plain string written by a careless client is still shown rather than dropped. */
export function readProse(map: Y.Map<unknown>, key: string): string {
  const value = map.get(key);
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

/**
 * String lists are sets stored in a Y.Array: concurrent adds of the same value both land, so reads de-duplicate,
 * keeping first-occurrence order (which Yjs makes identical on every peer).
 */
export function readStringSet(
  map: Y.Map<unknown>,
  key: string,
  accept: (value: string) => boolean = () => true,
): string[] {
  const value = map.get(key);
  const items: unknown[] = value instanceof Y.Array ? value.toArray() : Array.isArray(value) ? value : [];
  const seen = new Set<string>();
  for (const item of items) {
    if (typeof item === 'string' && !seen.has(item) && accept(item)) seen.add(item);
  }
  return [...seen];
}

export function isHttpUrl(value: string): boolean {
  return urlSchema.safeParse(value).success;
}

function stringArray(map: Y.Map<unknown>, key: string): Y.Array<unknown> {
  const value = map.get(key);
  if (value instanceof Y.Array) return value;
  const array = new Y.Array<unknown>();
  map.set(key, array);
  return array;
}

/**
 * Makes the set equal to `desired` with the fewest operations: removes (every copy of) values that go, appends values
 * that come, and leaves the rest — and their order — alone, so concurrent edits of other members survive.
 */
export function syncStringSet(map: Y.Map<unknown>, key: string, desired: readonly string[]): boolean {
  const current = readStringSet(map, key);
  const want = new Set(desired);
  const have = new Set(current);
  const stale = current.filter((value) => !want.has(value));
  const missing = [...want].filter((value) => !have.has(value));
  if (stale.length === 0 && missing.length === 0 && map.get(key) instanceof Y.Array) return false;
  const array = stringArray(map, key);
  removeValues(array, new Set(stale));
  if (missing.length > 0) array.push(missing);
  return true;
}

export function addToStringSet(map: Y.Map<unknown>, key: string, value: string): boolean {
  if (readStringSet(map, key).includes(value)) return false;
  stringArray(map, key).push([value]);
  return true;
}

export function removeFromStringSet(map: Y.Map<unknown>, key: string, value: string): boolean {
  const stored = map.get(key);
  if (!(stored instanceof Y.Array)) return false;
  return removeValues(stored, new Set([value]));
}

function removeValues(array: Y.Array<unknown>, values: ReadonlySet<string>): boolean {
  if (values.size === 0) return false;
  const items = array.toArray();
  let removed = false;
  // From the end, so earlier indexes stay valid while deleting.
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index];
    if (typeof item === 'string' && values.has(item)) {
      array.delete(index, 1);
      removed = true;
    }
  }
  return removed;
}

/**
 * Turns `text` into `value` by replacing only the changed middle, so concurrent edits elsewhere in the text and
 * cursors of other users survive (used for restores and imports, never for ordinary typing). One transaction with
 * `origin`, or part of the caller's transaction when there is one. Returns whether it changed anything.
 */
export function replaceText(text: Y.Text, value: string, origin: unknown = null): boolean {
  const doc = text.doc;
  if (!doc) throw new Error('replaceText needs a Y.Text that is part of a document');
  return doc.transact(() => replaceTextContent(text, value), origin);
}

function replaceTextContent(text: Y.Text, value: string): boolean {
  const current = text.toString();
  if (current === value) return false;
  let start = 0;
  const maxStart = Math.min(current.length, value.length);
  while (start < maxStart && current.charCodeAt(start) === value.charCodeAt(start)) start++;
  // Never split a surrogate pair: step back if the common prefix ends on a high surrogate.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  let endCurrent = current.length;
  let endValue = value.length;
  while (
    endCurrent > start &&
    endValue > start &&
    current.charCodeAt(endCurrent - 1) === value.charCodeAt(endValue - 1)
  ) {
    endCurrent--;
    endValue--;
  }
  if (endCurrent < current.length && isLowSurrogate(current.charCodeAt(endCurrent))) {
    endCurrent++;
    endValue++;
  }
  if (endCurrent > start) text.delete(start, endCurrent - start);
  if (endValue > start) text.insert(start, value.slice(start, endValue));
  return true;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
