import { error } from '@sveltejs/kit';
import { ApiError, createApi } from '$lib/api.ts';
import { throwPageError } from '$lib/page-errors.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params }) => {
  try {
    return { incident: await createApi(url.origin, fetch).getIncident(params.id) };
  } catch (cause) {
    // The API rejects ids that are not incident ids as invalid input; to someone following a link, it is not found.
    if (cause instanceof ApiError && cause.status === 400) {
      error(404, { message: 'There is no incident at this address. Check the link.', code: cause.code });
    }
    throwPageError(cause);
  }
};
