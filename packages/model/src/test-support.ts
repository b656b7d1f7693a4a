/** Helpers shared by this package's tests (not exported from the package). */
import type * as Y from 'yjs';
import type { CommandContext } from './context.ts';

/** A context with a clock that advances one second per call and ids that count up, so tests are deterministic. */
export function testContext(
  userId = 'user-1',
  start = '2026-03-11T09:00:00.000Z',
): CommandContext & {
  clock: { current: number };
} {
  const clock = { current: Date.parse(start) };
  let next = 0;
  return {
    userId,
    clock,
    now: () => {
      const date = new Date(clock.current);
      clock.current += 1000;
      return date;
    },
    newId: () => `${userId}-id-${++next}`,
  };
}

/** Runs `fn` and returns the Yjs updates the document emitted meanwhile, with their origins. */
export function captureUpdates(doc: Y.Doc, fn: () => void): { update: Uint8Array; origin: unknown }[] {
  const updates: { update: Uint8Array; origin: unknown }[] = [];
  const listener = (update: Uint8Array, origin: unknown) => updates.push({ update, origin });
  doc.on('update', listener);
  try {
    fn();
  } finally {
    doc.off('update', listener);
  }
  return updates;
}

/** Runs `fn`, expecting it to throw, and returns what it threw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
