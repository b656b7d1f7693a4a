import { error, redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { ApiError } from './api.ts';
import { signInPath } from './auth/navigation.ts';

/**
 * Turns an API failure in a load function into SvelteKit's expected-error page (with the API's message), or, when
 * the session ended since the layout checked it, into the sign-in page that comes back here. Anything else is a
 * bug and is rethrown so it surfaces as an unexpected error.
 */
export function throwPageError(cause: unknown, url: URL): never {
  if (cause instanceof ApiError) {
    if (cause.status === 401) redirect(307, resolve(signInPath(url)));
    // Status 0 is a network failure: to the reader that is the server being unavailable.
    const status = cause.status >= 400 && cause.status <= 599 ? cause.status : 503;
    error(status, { message: cause.message, code: cause.code });
  }
  throw cause;
}
