import { error } from '@sveltejs/kit';
import { ApiError } from './api.ts';

/**
 * Turns an API failure in a load function into SvelteKit's expected-error page (with the API's message); anything
 * else is a bug and is rethrown so it surfaces as an unexpected error.
 */
export function throwPageError(cause: unknown): never {
  if (cause instanceof ApiError) {
    // Status 0 is a network failure: to the reader that is the server being unavailable.
    const status = cause.status >= 400 && cause.status <= 599 ? cause.status : 503;
    error(status, { message: cause.message, code: cause.code });
  }
  throw cause;
}
