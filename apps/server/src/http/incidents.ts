import { Hono } from 'hono';
import { z } from 'zod';
import { initIncident, updateMeta, SEVERITIES, INCIDENT_STATUSES } from '@parallax/model';
import type { AppEnv } from './context.ts';
import { notFound } from './errors.ts';
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
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to change' });

const idParam = z.object({ id: z.string().uuid('must be an incident id (UUID)') });

/**
 * Incidents are indexed in SQL (for listing and search) while their content lives in the Yjs document; fields that
 * exist in both are written to both, document first, so the document never lags behind what the list shows.
 */
export const incidentsRoute = new Hono<AppEnv>()
  .get('/', async (c) => {
    const incidents = await c.var.services.incidents.list();
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
      createdBy: c.var.user.id,
    });
    return c.json({ incident }, 201);
  })
  .get('/:id', validate('param', idParam), async (c) => {
    const incident = await c.var.services.incidents.get(c.req.valid('param').id);
    if (!incident) throw notFound('Incident');
    return c.json({ incident }, 200);
  })
  .patch('/:id', validate('param', idParam), validate('json', updateIncidentBody), async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const { incidents, sync } = c.var.services;
    if (!(await incidents.get(id))) throw notFound('Incident');
    await sync.withDocument(id, (doc) => updateMeta(doc, patch, { userId: c.var.user.id }));
    const incident = await incidents.update(id, patch);
    if (!incident) throw notFound('Incident');
    return c.json({ incident }, 200);
  })
  .delete('/:id', validate('param', idParam), async (c) => {
    const incident = await c.var.services.incidents.archive(c.req.valid('param').id);
    if (!incident) throw notFound('Incident');
    return c.json({ incident }, 200);
  });

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
