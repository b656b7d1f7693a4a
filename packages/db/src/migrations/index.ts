import { init } from './0001_init.ts';
import { accounts } from './0002_accounts.ts';
import { preferencesAndViews } from './0003_preferences_and_views.ts';
import { rounds } from './0004_rounds.ts';
import type { Migration } from './types.ts';

export type { Migration } from './types.ts';

/** Every migration of this build, in the order they apply. Append only: never edit or reorder a released one. */
export const migrations: readonly Migration[] = [init, accounts, preferencesAndViews, rounds];
