import { createApi } from '$lib/api.ts';
import { throwPageError } from '$lib/page-errors.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  try {
    return { incidents: await createApi(url.origin, { fetch }).listIncidents() };
  } catch (cause) {
    throwPageError(cause, url);
  }
};
