import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { parse } from 'hono/utils/cookie';

/** The one cookie Parallax sets. */
export const SESSION_COOKIE = 'parallax_session';

/**
 * httpOnly keeps the token away from scripts (an XSS cannot read it); SameSite=Lax keeps it off cross-site
 * sub-requests and form posts while a link from elsewhere still arrives signed in. Secure behind HTTPS.
 */
export function setSessionCookie(c: Context, token: string, expiresAt: Date, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Lax', secure, path: '/' });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

/** The session token from a raw Cookie header, for the websocket upgrade (which never reaches Hono). */
export function sessionTokenFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return parse(header, SESSION_COOKIE)[SESSION_COOKIE] || undefined;
}
