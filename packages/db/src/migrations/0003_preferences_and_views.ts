import type { Migration } from './types.ts';

export const preferencesAndViews: Migration = {
  id: 3,
  name: 'preferences_and_views',
  sql: /* sql */ `
-- How each person likes times and colours shown, wherever they sign in. No row: the defaults.
create table user_preferences (
  user_id uuid primary key references users (id) on delete cascade,
  time_zone_mode text not null default 'local' check (time_zone_mode in ('local', 'utc', 'reference')),
  theme text not null default 'system' check (theme in ('system', 'light', 'dark')),
  updated_at timestamptz not null default now()
);

-- When each person last looked at each incident, for "new since your last visit".
create table incident_views (
  incident_id uuid not null references incidents (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  last_viewed_at timestamptz not null,
  primary key (incident_id, user_id)
);
create index incident_views_user_id_idx on incident_views (user_id);
`,
};
