import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { adminRoute } from './http/admin.ts';
import { authRoute } from './http/auth.ts';
import type { AppEnv, Services } from './http/context.ts';
import { createErrorHandler, errorBody } from './http/errors.ts';
import { healthRoute } from './http/health.ts';
import { incidentsRoute } from './http/incidents.ts';
import { incidentInvitesRoute, invitesRoute } from './http/invites.ts';
import { meRoute } from './http/me.ts';
import { membersRoute } from './http/members.ts';
import { incidentRoundsRoute, roundsRoute } from './http/rounds.ts';
import { incidentSnapshotsRoute, snapshotsRoute } from './http/snapshots.ts';
import { incidentViewsRoute } from './http/views.ts';
import { loadSession, provideServices, requireSameOrigin, requireSessionExcept } from './http/middleware.ts';
import { webRoute } from './http/web.ts';

export interface AppOptions {
  services: Services;
  /** Built web app to serve; omitted in API-only tests. */
  webRoot?: string;
}

/** JSON bodies are small forms; anything near this is a mistake or an attack. Imports will get their own limit. */
const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The only API paths that work without a session: you need them to get one. */
export const PUBLIC_API_PATHS = ['/api/auth/signup', '/api/auth/login'] as const;

export function createApp({ services, webRoot }: AppOptions) {
  const api = new Hono<AppEnv>()
    .use(
      bodyLimit({
        maxSize: MAX_JSON_BODY_BYTES,
        onError: (c) => c.json(errorBody('payload_too_large', 'Request body is larger than 1 MiB.'), 413),
      }),
    )
    // Origin first: a forged cross-site request is refused before it can touch a session or the database.
    .use(requireSameOrigin())
    .use(loadSession())
    .use(requireSessionExcept(PUBLIC_API_PATHS))
    .route('/auth', authRoute)
    .route('/me', meRoute)
    .route('/admin', adminRoute)
    .route('/incidents', incidentsRoute)
    .route('/incidents', membersRoute)
    .route('/incidents', incidentInvitesRoute)
    .route('/incidents', incidentViewsRoute)
    .route('/incidents', incidentRoundsRoute)
    .route('/incidents', incidentSnapshotsRoute)
    .route('/invites', invitesRoute)
    .route('/rounds', roundsRoute)
    .route('/snapshots', snapshotsRoute)
    // Unknown API paths must answer JSON, not fall through to the web app's HTML fallback.
    .all('*', (c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));

  const app = new Hono<AppEnv>()
    .use(requestId())
    .use(provideServices(services))
    .route('/healthz', healthRoute)
    .route('/api', api);

  app.notFound((c) => c.text('Not found', 404));
  app.onError(createErrorHandler(services.logger));
  if (webRoot) app.route('/', webRoute(webRoot));
  return app;
}

/** The typed API surface the web app's `hc<AppType>` client is generated from. */
export type AppType = ReturnType<typeof createApp>;
