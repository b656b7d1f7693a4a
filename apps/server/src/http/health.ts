import { Hono } from 'hono';
import type { AppEnv } from './context.ts';

/** Liveness plus the one dependency that matters: a server that cannot reach its database cannot save anything. */
export const healthRoute = new Hono<AppEnv>().get('/', async (c) => {
  const { sql, sync, logger } = c.var.services;
  const stats = sync.stats();
  try {
    await sql.query('select 1');
    return c.json({ status: 'ok' as const, database: sql.driver, ...stats }, 200);
  } catch (err) {
    logger.warn({ err }, 'health check: database unreachable');
    return c.json({ status: 'unavailable' as const, database: sql.driver, ...stats }, 503);
  }
});
