import { error } from '@sveltejs/kit';
import { ApiError, createApi } from '$lib/api.ts';
import { throwPageError } from '$lib/page-errors.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params }) => {
  try {
    const { incident, role } = await createApi(url.origin, { fetch }).getIncident(params.id);
    return { incident, role };
  } catch (cause) {
    // The API rejects ids that are not incident ids as invalid input, and answers 404 for incidents the person may
    // not see (so nobody learns which exist); to someone following a link, both are "not here for you".
    if (cause instanceof ApiError && (cause.status === 400 || cause.status === 404)) {
      error(404, {
        message:
          'There is no incident at this address that you can open. Check the link, or ask whoever sent it to share the incident with you.',
        code: cause.code,
      });
    }
    if (cause instanceof ApiError && cause.status === 403) {
      error(403, {
        message: 'You do not have access to this incident. Ask one of its owners to share it with you.',
        code: cause.code,
      });
    }
    throwPageError(cause, url);
  }
};
