import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './context.ts';
import { incidentAccess, requireUser } from './middleware.ts';
import { validate } from './validation.ts';

const idParam = z.object({ id: z.string().uuid('must be an incident id (UUID)') });
const lastViewBody = z.object({ lastViewedAt: z.iso.datetime({ offset: true }) });

/**
 * When the signed-in person last looked at an incident, for "new since your last visit". Anyone who may read the
 * incident keeps their own; nobody reads or sets anyone else's.
 */
export const incidentViewsRoute = new Hono<AppEnv>()
  .use(requireUser())
  .get('/:id/last-view', validate('param', idParam), incidentAccess('viewer'), async (c) => {
    const lastViewedAt = await c.var.services.views.lastViewedAt(c.var.incident.id, c.var.user.id);
    return c.json({ lastViewedAt }, 200);
  })
  .put(
    '/:id/last-view',
    validate('param', idParam),
    incidentAccess('viewer'),
    validate('json', lastViewBody),
    async (c) => {
      const at = new Date(c.req.valid('json').lastViewedAt).toISOString();
      const lastViewedAt = await c.var.services.views.record(c.var.incident.id, c.var.user.id, at);
      return c.json({ lastViewedAt }, 200);
    },
  );
