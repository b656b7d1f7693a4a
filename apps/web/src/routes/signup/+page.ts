import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { safeNextPath } from '$lib/auth/navigation.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url }) => {
  const next = url.searchParams.get('next');
  // Someone already signed in (a second tab, the back button) goes where the form would have sent them.
  if ((await parent()).user) redirect(307, resolve(safeNextPath(next)));
  return { next };
};
