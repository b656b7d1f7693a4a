import { error } from '@sveltejs/kit';
import { ApiError, createApi } from '$lib/api.ts';
import { throwPageError } from '$lib/page-errors.ts';
import type { PageLoad } from './$types';

// The same answers as the incident page: the projection is that incident, shown to a room.
export const load: PageLoad = async ({ fetch, url, params }) => {
  try {
    const { incident, role } = await createApi(url.origin, { fetch }).getIncident(params.id);
    return { incident, role };
  } catch (cause) {
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
