import { Hono } from 'hono';
import { z } from 'zod';
import { initIncident, updateMeta, SEVERITIES, INCIDENT_STATUSES } from '@parallax/model';
import { roleAtLeast } from '@parallax/db';
import type { AppEnv } from './context.ts';
import { forbidden, notFound } from './errors.ts';
import { incidentAccess, requireUser } from './middleware.ts';
import { validate } from './validation.ts';

const timeZone = z.string().refine(isIanaTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' });
const title = z.string().trim().min(1, 'must not be empty').max(200);

const createIncidentBody = z.object({
  title,
  severity: z.enum(SEVERITIES).nullable().optional(),
  referenceTimeZone: timeZone.optional(),
});

const updateIncidentBody = z
  .object({
    title: title.optional(),
    severity: z.enum(SEVERITIES).nullable().optional(),
    status: z.enum(INCIDENT_STATUSES).optional(),
    referenceTimeZone: timeZone.optional(),
    /** "Everyone signed in may view": owners only. */
    organisationCanView: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to change' });

export const idParam = z.object({ id: z.string().uuid('must be an incident id (UUID)') });

/**
 * Incidents are indexed in SQL (for listing and search) while their content lives in the Yjs document; fields that
 * exist in both are written to both, document first, so the document never lags behind what the list shows.
 */
export const incidentsRoute = new Hono<AppEnv>()
  .use(requireUser())
  .get('/', async (c) => {
    const rows = await c.var.services.incidents.listVisibleTo(c.var.user.id);
    const incidents = rows.map(({ incident, memberRole }) => ({ ...incident, role: memberRole ?? 'viewer' }));
    return c.json({ incidents }, 200);
  })
  .post('/', validate('json', createIncidentBody), async (c) => {
    const body = c.req.valid('json');
    const { incidents, sync } = c.var.services;
    const id = crypto.randomUUID();
    const referenceTimeZone = body.referenceTimeZone ?? 'UTC';
    await sync.withDocument(id, (doc) =>
      initIncident(
        doc,
        { title: body.title, severity: body.severity ?? null, referenceTimeZone },
        { userId: c.var.user.id },
      ),
    );
    const incident = await incidents.create({
      id,
      title: body.title,
      severity: body.severity ?? null,
      referenceTimeZone,
      ownerId: c.var.user.id,
    });
    return c.json({ incident, role: 'owner' as const }, 201);
  })
  .get('/:id', validate('param', idParam), incidentAccess('viewer'), (c) =>
    c.json({ incident: c.var.incident, role: c.var.role }, 200),
  )
  .patch(
    '/:id',
    validate('param', idParam),
    incidentAccess('editor'),
    validate('json', updateIncidentBody),
    async (c) => {
      const { id } = c.req.valid('param');
      const { organisationCanView, ...meta } = c.req.valid('json');
      const { incidents, members, sync, sockets } = c.var.services;
      if (organisationCanView !== undefined && !roleAtLeast(c.var.role, 'owner')) {
        throw forbidden('Only an owner can change who may view this incident.');
      }
      if (Object.keys(meta).length > 0) {
        await sync.withDocument(id, (doc) => updateMeta(doc, meta, { userId: c.var.user.id }));
      }
      const incident = await incidents.update(id, { ...meta, organisationCanView });
      if (!incident) throw notFound('Incident');
      if (organisationCanView === false && c.var.incident.organisationCanView) {
        // Non-members were reading as organisation viewers; their sockets must go (reconnecting gets a 404).
        const memberIds = new Set(await members.userIds(id));
        sockets.recheck(id, (context) => !memberIds.has(context.userId));
      }
      return c.json({ incident, role: c.var.role }, 200);
    },
  )
  .delete('/:id', validate('param', idParam), incidentAccess('owner'), async (c) => {
    const incident = await c.var.services.incidents.archive(c.req.valid('param').id);
    if (!incident) throw notFound('Incident');
    return c.json({ incident, role: c.var.role }, 200);
  });

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
