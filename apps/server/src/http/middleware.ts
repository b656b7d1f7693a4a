import { createMiddleware } from 'hono/factory';
import { roleAtLeast, type Role } from '@parallax/db';
import type { IncidentAccessGrant } from '../auth/incident-access.ts';
import { isSameOrigin } from '../auth/origin.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../auth/session-cookie.ts';
import type { AppEnv, AuthedEnv, IncidentEnv, Services } from './context.ts';
import { badOrigin, forbidden, notFound, unauthenticated, type HttpError } from './errors.ts';
import { isSecureRequest, requestOrigin } from './request-info.ts';

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Makes the composition root's services reachable from every handler. */
export const provideServices = (services: Services) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set('services', services);
    c.set('auth', null);
    await next();
  });

/** CSRF protection: every mutating request must carry our own Origin (403 bad_origin otherwise, also when absent). */
export const requireSameOrigin = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (MUTATING_METHODS.has(c.req.method)) {
      const policy = c.var.services.originPolicy;
      if (!isSameOrigin(c.req.header('origin'), policy, requestOrigin(c))) throw badOrigin();
    }
    await next();
  });

/**
 * Reads the session cookie, if any, into `auth`. A cookie that no longer names a session is cleared so the browser
 * stops sending it; a session past half its life is renewed and its cookie re-set with the new expiry.
 */
export const loadSession = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = readSessionCookie(c);
    if (token) {
      const validated = await c.var.services.sessions.validate(token);
      if (validated) {
        c.set('auth', { session: validated.session, user: validated.user });
        if (validated.renewed) setSessionCookie(c, token, validated.session.expiresAt, isSecureRequest(c));
      } else {
        clearSessionCookie(c, isSecureRequest(c));
      }
    }
    await next();
  });

/**
 * The safety net: every API path except the listed public ones needs a session (401), so an endpoint added without
 * thinking about access is closed, not open.
 */
export const requireSessionExcept = (publicPaths: readonly string[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!c.var.auth && !publicPaths.includes(c.req.path)) throw unauthenticated();
    await next();
  });

/** A signed-in user (401 otherwise); handlers after it see `user` and `session` as non-null. */
export const requireUser = () =>
  createMiddleware<AppEnv & AuthedEnv>(async (c, next) => {
    const auth = c.var.auth;
    if (!auth) throw unauthenticated();
    c.set('user', auth.user);
    c.set('session', auth.session);
    await next();
  });

/** The instance administrator (403 otherwise). Use after requireUser(). */
export const requireAdmin = () =>
  createMiddleware<AppEnv & AuthedEnv>(async (c, next) => {
    if (!c.var.user.isAdmin) throw forbidden('Only the administrator of this Parallax instance may do this.');
    await next();
  });

/**
 * Resolves the incident in the `:id` path parameter and the caller's role on it. 404 when the caller may not know
 * it exists (no such incident, or private and they are not a member), 403 when their role is below `minimum`.
 * Runs before the body is validated, so a caller without the role learns nothing from validation messages.
 */
export const incidentAccess = (minimum: Role) =>
  createMiddleware<AppEnv & AuthedEnv & IncidentEnv>(async (c, next) => {
    const grant = await requireIncidentRole(c.var.services, c.req.param('id') ?? '', c.var.user.id, minimum);
    c.set('incident', grant.incident);
    c.set('role', grant.role);
    c.set('isMember', grant.isMember);
    await next();
  });

/**
 * The decision incidentAccess makes, for routes that reach the incident through something else (a round, a
 * snapshot): the grant, or 404 (`hidden`, by default "Incident not found") when the caller may not know the incident
 * exists, or 403 when their role is below `minimum`.
 */
export async function requireIncidentRole(
  services: Services,
  incidentId: string,
  userId: string,
  minimum: Role,
  hidden: () => HttpError = () => notFound('Incident'),
): Promise<IncidentAccessGrant> {
  const grant = await services.access.resolve(incidentId, userId);
  if (!grant) throw hidden();
  if (!roleAtLeast(grant.role, minimum)) {
    throw forbidden(`This needs the ${minimum} role on this incident; you are ${article(grant.role)} ${grant.role}.`);
  }
  return grant;
}

function article(role: Role): string {
  return role === 'owner' || role === 'editor' ? 'an' : 'a';
}
