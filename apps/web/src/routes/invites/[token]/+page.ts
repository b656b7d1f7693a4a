import { ApiError, createApi } from '$lib/api.ts';
import { throwPageError } from '$lib/page-errors.ts';
import type { PageLoad } from './$types';

/** Why an invite cannot be used, in words for the person holding the link. */
const PROBLEMS: Record<string, string> = {
  invite_expired: 'This invite link has expired. Ask the person who sent it for a new one.',
  not_found: 'This invite link does not work: it may have been revoked, or the address was cut short when pasted.',
};

export const load: PageLoad = async ({ fetch, url, params }) => {
  try {
    return { preview: await createApi(url.origin, { fetch }).previewInvite(params.token), problem: null };
  } catch (cause) {
    if (cause instanceof ApiError && (cause.status === 410 || cause.status === 404)) {
      return { preview: null, problem: PROBLEMS[cause.code] ?? cause.message };
    }
    // Signed out and the server wants a session even to preview: the page still offers sign-in and sign-up.
    if (cause instanceof ApiError && cause.status === 401) return { preview: null, problem: null };
    throwPageError(cause, url);
  }
};
