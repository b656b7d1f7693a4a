import type { Context } from 'hono';
import type { UserRecord } from '@parallax/db';
import { setSessionCookie } from '../auth/session-cookie.ts';
import type { AppEnv } from './context.ts';
import { isSecureRequest } from './request-info.ts';

/**
 * Signs the user in on this response: a brand-new session and its cookie. Every sign-in gets a new token, never a
 * reused one, so a token planted before sign-in (session fixation) is worth nothing after it.
 */
export async function startSession<E extends AppEnv>(c: Context<E>, user: UserRecord): Promise<string> {
  const { token, session } = await c.var.services.sessions.create(user.id);
  setSessionCookie(c, token, session.expiresAt, isSecureRequest(c));
  return session.id;
}
