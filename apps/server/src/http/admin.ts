import { Hono } from 'hono';
import { z } from 'zod';
import { SIGNUP_MODES } from '@parallax/db';
import type { AppEnv } from './context.ts';
import { requireAdmin, requireUser } from './middleware.ts';
import { validate } from './validation.ts';

const settingsPatch = z.object({ signupMode: z.enum(SIGNUP_MODES) });

/** Instance-wide settings, for the administrator (the first account that signed up) only. */
export const adminRoute = new Hono<AppEnv>()
  .use(requireUser())
  .use(requireAdmin())
  .get('/settings', async (c) => c.json(await c.var.services.settings.get(), 200))
  .patch('/settings', validate('json', settingsPatch), async (c) => {
    const settings = await c.var.services.settings.update(c.req.valid('json'), c.var.user.id);
    c.var.services.logger.info({ userId: c.var.user.id, settings }, 'instance settings changed');
    return c.json(settings, 200);
  });
