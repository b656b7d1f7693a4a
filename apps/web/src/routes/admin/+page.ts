import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api.ts';
import { throwPageError } from '$lib/page-errors.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { user } = await parent();
  if (!user?.isAdmin) error(403, { message: 'Only administrators of this Parallax can change its settings.' });
  try {
    return { settings: await createApi(url.origin, { fetch }).getSettings() };
  } catch (cause) {
    throwPageError(cause, url);
  }
};
