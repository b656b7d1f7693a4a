/**
 * Where people go when they are not signed in, and where they come back to afterwards. Pure functions: the
 * callers hand the result to SvelteKit's `resolve()`, `goto()` or `redirect()`.
 */
import type { PathnameWithSearchOrHash, RouteId } from '$app/types';

/** Load functions that read the session `depends()` on this, so `invalidate()` re-checks it. */
export const SESSION_DEPENDENCY = 'parallax:session';

/** Pages a signed-out person may open. An invite preview is public so its link can offer sign-in or sign-up. */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set<RouteId>(['/signin', '/signup', '/invites/[token]']);

/** Pages that only make sense signed out; `next` never points back at them, or signing in would loop. */
const SIGNED_OUT_ROUTES: ReadonlySet<string> = new Set(['/signin', '/signup']);

/**
 * Whether a route needs no session. `null` is a path no route matches: it is let through so the person sees the
 * not-found page rather than a sign-in form for a page that does not exist.
 */
export function isPublicRoute(routeId: string | null): boolean {
  return routeId === null || PUBLIC_ROUTES.has(routeId);
}

/** The sign-in page, remembering the page the person was on so they come back to it. */
export function signInPath(from: URL): PathnameWithSearchOrHash {
  const back = `${from.pathname}${from.search}`;
  if (back === '/' || SIGNED_OUT_ROUTES.has(from.pathname)) return '/signin';
  return `/signin?next=${encodeURIComponent(back)}`;
}

/**
 * The `next` parameter, if it is a path in this app; anything else (another site, `//evil.example`,
 * `javascript:`) becomes the incident list, so a crafted sign-in link cannot send someone elsewhere.
 */
export function safeNextPath(raw: string | null | undefined): PathnameWithSearchOrHash {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  const base = 'http://parallax.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (error) {
    if (error instanceof TypeError) return '/';
    throw error;
  }
  if (url.origin !== base || SIGNED_OUT_ROUTES.has(url.pathname)) return '/';
  // Validated above as a same-origin path; the route table cannot be checked from here, and an unknown path
  // simply lands on the not-found page.
  return `${url.pathname}${url.search}${url.hash}` as PathnameWithSearchOrHash;
}
