import type { Migration } from './types.ts';

export const accounts: Migration = {
  id: 2,
  name: 'accounts',
  sql: /* sql */ `
create table users (
  id uuid primary key default gen_random_uuid(),
  -- Normalised by the app (trimmed, lower-case); the check keeps a bypassing caller from creating a look-alike twin.
  email text not null check (email = lower(btrim(email)) and char_length(email) between 3 and 254),
  name text not null check (char_length(btrim(name)) > 0),
  -- argon2id, in the PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
  password_hash text not null,
  is_admin boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (email);

-- Sessions as the Lucia guide teaches them: the id is the SHA-256 (hex) of the token in the cookie, so a leaked
-- table cannot be replayed as cookies.
create table sessions (
  id text primary key check (id ~ '^[0-9a-f]{64}$'),
  user_id uuid not null references users (id) on delete cascade,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index sessions_user_id_idx on sessions (user_id);
create index sessions_expires_at_idx on sessions (expires_at);

create table incident_members (
  incident_id uuid not null references incidents (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'facilitator', 'editor', 'viewer')),
  added_at timestamptz not null default now(),
  added_by uuid null references users (id) on delete set null,
  primary key (incident_id, user_id)
);
-- "Which incidents may this user see" starts from the user.
create index incident_members_user_id_idx on incident_members (user_id);

-- Invite links. Only the SHA-256 (hex) of the token is stored, like sessions.
create table invites (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references incidents (id) on delete cascade,
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  role text not null check (role in ('owner', 'facilitator', 'editor', 'viewer')),
  expires_at timestamptz not null,
  revoked_at timestamptz null,
  created_by uuid null references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index invites_incident_id_idx on invites (incident_id, expires_at);

-- One row of instance-wide settings; the primary key admits only "true", so there can never be a second.
create table instance_settings (
  id boolean primary key default true check (id),
  signup_mode text not null default 'open' check (signup_mode in ('open', 'invite-only')),
  updated_at timestamptz not null default now(),
  updated_by uuid null references users (id) on delete set null
);
insert into instance_settings (id) values (true);

-- Failed logins, per account ('email:…') and per client address ('address:…'). In the database, not in memory, so
-- every process behind a load balancer counts the same attempts.
create table login_attempts (
  key text not null,
  attempted_at timestamptz not null default now()
);
create index login_attempts_key_idx on login_attempts (key, attempted_at);

alter table incidents add column organisation_can_view boolean not null default false;
-- Incidents from before accounts were open to everyone who could reach the server. They stay readable by everyone
-- signed in, and the first administrator adopts them as owner (see MemberRepository.adoptOwnerless).
update incidents set organisation_can_view = true;
`,
};
