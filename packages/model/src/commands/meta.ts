import type * as Y from 'yjs';
import { nowIso, transact, type CommandContext } from '../context.ts';
import { metaMap } from '../doc.ts';
import { ModelValidationError, parseInput } from '../errors.ts';
import { readInstant, setField } from '../fields.ts';
import { SCHEMA_VERSION, metaInitSchema, metaPatchSchema, type MetaPatch } from '../schema.ts';
import { applyPatch } from './shared.ts';

function assertImpactWindow(start: string | null, end: string | null): void {
  if (start !== null && end !== null && Date.parse(end) < Date.parse(start)) {
    throw new ModelValidationError('meta', [{ path: 'impactEnd', message: 'Impact cannot end before it starts' }]);
  }
}

/**
 * Writes the meta of a new incident. Other top-level types need no creation: Yjs creates them on first access, and
 * every peer names them the same way.
 */
export function initIncident(doc: Y.Doc, meta: MetaPatch & { title: string }, ctx: CommandContext): void {
  const values = parseInput(metaInitSchema, meta, 'meta');
  assertImpactWindow(values.impactStart, values.impactEnd);
  const at = nowIso(ctx);
  transact(doc, ctx, () => {
    const map = metaMap(doc);
    setField(map, 'schemaVersion', SCHEMA_VERSION);
    applyPatch(map, values, ctx, at);
    setField(map, 'createdBy', ctx.userId);
    setField(map, 'createdAt', at);
    setField(map, 'updatedBy', ctx.userId);
    setField(map, 'updatedAt', at);
  });
}

/** Returns whether anything changed. */
export function updateMeta(doc: Y.Doc, patch: MetaPatch, ctx: CommandContext): boolean {
  const values = parseInput(metaPatchSchema, patch, 'meta');
  const at = nowIso(ctx);
  return transact(doc, ctx, () => {
    const map = metaMap(doc);
    assertImpactWindow(
      values.impactStart !== undefined ? values.impactStart : readInstant(map, 'impactStart'),
      values.impactEnd !== undefined ? values.impactEnd : readInstant(map, 'impactEnd'),
    );
    return applyPatch(map, values, ctx, at);
  });
}
