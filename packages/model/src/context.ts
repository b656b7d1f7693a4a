import type * as Y from 'yjs';
import { ModelValidationError } from './errors.ts';
import { ID_PATTERN } from './schema.ts';

export interface CommandContext {
  /** Who is acting; recorded in createdBy / updatedBy. */
  userId: string;
  /** Defaults to `new Date()`; injected for deterministic tests and seeds. */
  now?: () => Date;
  /** Defaults to `crypto.randomUUID()`; must return ids matching ID_PATTERN. */
  newId?: () => string;
  /** Transaction origin, e.g. so an UndoManager or a provider can tell local edits from remote ones. */
  origin?: unknown;
}

export function nowIso(ctx: CommandContext): string {
  const date = ctx.now ? ctx.now() : new Date();
  if (Number.isNaN(date.getTime())) {
    throw new ModelValidationError('context', [{ path: 'now', message: 'ctx.now() returned an invalid date' }]);
  }
  return date.toISOString();
}

export function freshId(ctx: CommandContext): string {
  const id = ctx.newId ? ctx.newId() : crypto.randomUUID();
  if (!ID_PATTERN.test(id)) {
    throw new ModelValidationError('context', [{ path: 'newId', message: `ctx.newId() returned unusable id "${id}"` }]);
  }
  return id;
}

/** Every command writes through here so that it is exactly one Yjs transaction with the caller's origin. */
export function transact<T>(doc: Y.Doc, ctx: CommandContext, fn: () => T): T {
  return doc.transact(fn, ctx.origin ?? null);
}
