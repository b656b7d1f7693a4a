/**
 * History: named snapshots, the diff between any two states, restore and fork.
 *
 * Who may do what (roles: viewer < editor < facilitator < owner):
 * - list snapshots, read one, diff: anyone who can view the incident;
 * - take a named snapshot: editor or above (it records the document, which editors write anyway);
 * - restore: facilitator or owner (it rewrites everyone's work, so it is the review's call);
 * - fork: editor or above on the source incident; the caller owns the new incident.
 *
 * A snapshot id from another incident is answered as if it did not exist (404).
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { Role, SnapshotRecord } from '@parallax/db';
import type { AppEnv, AuthedEnv, IncidentEnv } from './context.ts';
import { HttpError } from './errors.ts';
import { incidentAccess, requireIncidentRole, requireUser } from './middleware.ts';
import { validate } from './validation.ts';
import type { DiffSide } from '../history/snapshot-service.ts';

const idParam = z.object({ id: z.string().uuid('must be an incident id (UUID)') });
const snapshotParam = z.object({ snapshotId: z.string().uuid('must be a snapshot id (UUID)') });
const label = z.string().trim().min(1, 'must not be empty').max(200);

const takeSnapshotBody = z.object({ label });
const forkBody = z.object({ title: label.optional() });

/** Each side of a diff is a snapshot id or `live` (the document as it is now). */
const diffSide = z.union([z.literal('live'), z.string().uuid('must be a snapshot id (UUID) or "live"')]);
const diffQuery = z.object({ from: diffSide, to: diffSide.default('live') });

interface SnapshotEnv {
  Variables: { snapshot: SnapshotRecord };
}

const snapshotNotFound = () =>
  new HttpError(404, 'not_found', 'Snapshot not found: it does not exist, or you cannot see its incident.');

/** Resolves the snapshot in `:snapshotId` and the caller's role on its incident, like incidentAccess. */
const snapshotAccess = (minimum: Role) =>
  createMiddleware<AppEnv & AuthedEnv & IncidentEnv & SnapshotEnv>(async (c, next) => {
    const snapshot = await c.var.services.snapshots.get(c.req.param('snapshotId') ?? '');
    if (!snapshot) throw snapshotNotFound();
    const grant = await requireIncidentRole(
      c.var.services,
      snapshot.incidentId,
      c.var.user.id,
      minimum,
      snapshotNotFound,
    );
    c.set('snapshot', snapshot);
    c.set('incident', grant.incident);
    c.set('role', grant.role);
    c.set('isMember', grant.isMember);
    await next();
  });

/** Snapshots and diffs of one incident (mounted under /incidents). */
export const incidentSnapshotsRoute = new Hono<AppEnv>()
  .use(requireUser())
  .post(
    '/:id/snapshots',
    validate('param', idParam),
    incidentAccess('editor'),
    validate('json', takeSnapshotBody),
    async (c) => {
      const snapshot = await c.var.services.history.take(c.var.incident.id, {
        label: c.req.valid('json').label,
        kind: 'named',
        createdBy: c.var.user.id,
      });
      return c.json({ snapshot }, 201);
    },
  )
  .get('/:id/snapshots', validate('param', idParam), incidentAccess('viewer'), async (c) => {
    const snapshots = await c.var.services.snapshots.listForIncident(c.var.incident.id);
    return c.json({ snapshots }, 200);
  })
  .get('/:id/diff', validate('param', idParam), incidentAccess('viewer'), validate('query', diffQuery), async (c) => {
    const { from, to } = c.req.valid('query');
    const resolve = async (side: string): Promise<DiffSide> => {
      if (side === 'live') return { kind: 'live' };
      const snapshot = await c.var.services.snapshots.get(side);
      if (!snapshot || snapshot.incidentId !== c.var.incident.id) {
        throw new HttpError(404, 'not_found', `Snapshot ${side} not found in this incident.`);
      }
      return { kind: 'snapshot', snapshot };
    };
    const [before, after] = [await resolve(from), await resolve(to)];
    const diff = await c.var.services.history.diff(c.var.incident.id, before, after);
    return c.json({ from: before, to: after, diff }, 200);
  });

/** One snapshot: read, restore, fork (mounted under /snapshots). */
export const snapshotsRoute = new Hono<AppEnv>()
  .use(requireUser())
  .get('/:snapshotId', validate('param', snapshotParam), snapshotAccess('viewer'), async (c) => {
    const projection = await c.var.services.history.snapshotProjection(c.var.snapshot.id);
    return c.json({ snapshot: c.var.snapshot, projection }, 200);
  })
  .post('/:snapshotId/restore', validate('param', snapshotParam), snapshotAccess('facilitator'), async (c) => {
    const result = await c.var.services.history.restore(c.var.snapshot, c.var.user.id);
    return c.json({ snapshot: c.var.snapshot, ...result }, 200);
  })
  .post(
    '/:snapshotId/fork',
    validate('param', snapshotParam),
    snapshotAccess('editor'),
    validate('json', forkBody),
    async (c) => {
      const incident = await c.var.services.history.fork(c.var.snapshot, {
        title: c.req.valid('json').title,
        ownerId: c.var.user.id,
      });
      return c.json({ incident, role: 'owner' as const, snapshot: c.var.snapshot }, 201);
    },
  );
