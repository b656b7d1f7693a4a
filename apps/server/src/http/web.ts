import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppEnv } from './context.ts';

/** Name of the single-page app's fallback document, written by adapter-static. */
export const SPA_FALLBACK = 'index.html';

/**
 * Serves the built SvelteKit app. Hashed assets under _app/immutable are cached for a year; every other path that is
 * not a file gets the SPA fallback so deep links like /incidents/:id load the app, which then routes client-side.
 */
export function webRoute(webRoot: string) {
  let fallback: Promise<string> | undefined;
  const readFallback = () => (fallback ??= readFile(join(webRoot, SPA_FALLBACK), 'utf8'));
  return new Hono<AppEnv>()
    .use('/_app/immutable/*', async (c, next) => {
      await next();
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    })
    .use('*', serveStatic({ root: webRoot }))
    .get('*', async (c) => {
      try {
        c.header('Cache-Control', 'no-cache');
        return c.html(await readFallback());
      } catch (err) {
        fallback = undefined;
        c.var.services.logger.error({ err, webRoot }, 'web app build missing');
        return c.text('The web app has not been built. Run `npm start`, which builds it.', 503);
      }
    });
}
