import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { ApiError, createApi } from '$lib/api.ts';
import { isPublicRoute, SESSION_DEPENDENCY, signInPath } from '$lib/auth/navigation.ts';
import type { LayoutLoad } from './$types';

// A client-only SPA: the server serves one fallback page, and every page needs the browser (API, live document).
export const ssr = false;
export const prerender = false;

/**
 * The one sign-in guard: every page but sign-in, sign-up and invite previews needs a session. Anything that later
 * sees a 401 re-runs this load (`invalidate(SESSION_DEPENDENCY)`), which then sends the person here with `next`.
 */
export const load: LayoutLoad = async ({ fetch, url, route, depends }) => {
  depends(SESSION_DEPENDENCY);
  try {
    const user = await createApi(url.origin, { fetch }).currentUser();
    if (!user && !isPublicRoute(route.id)) redirect(307, resolve(signInPath(url)));
    return { user, sessionError: null };
  } catch (cause) {
    // An error thrown from the root layout's load has no layout left to show it in (SvelteKit falls back to a bare
    // static page), so a server that cannot say who is signed in is reported by the layout itself.
    if (!(cause instanceof ApiError)) throw cause;
    return { user: null, sessionError: cause.message };
  }
};
