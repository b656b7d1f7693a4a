import type { Migration } from './types.ts';

export const rounds: Migration = {
  id: 4,
  name: 'rounds',
  sql: /* sql */ `
-- Frozen states of an incident's document, for calibration rounds, named versions and restore points. Each row holds
-- the whole document (so it can be restored or forked without the update log) and its JSON projection (so diffs and
-- the round view need no Yjs decoding). log_seq is the head of the update log right after the room was flushed:
-- every logged update with seq <= log_seq is contained in state.
create table snapshots (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references incidents (id) on delete cascade,
  -- Y.encodeStateAsUpdateV2 of the document.
  state bytea not null,
  state_bytes integer not null check (state_bytes >= 0),
  -- projectIncident() of the same document.
  projection jsonb not null,
  -- False when jsonb could not hold the projection as it was (a NUL or an unpaired surrogate in some text, stored as
  -- U+FFFD): restores and forks then rebuild it from state, which is exact, instead of reading it.
  projection_exact boolean not null default true,
  log_seq bigint not null check (log_seq >= 0),
  label text not null check (char_length(btrim(label)) between 1 and 200),
  -- named: taken by hand; round: frozen when a round opened; restore-point: taken automatically before a restore.
  kind text not null default 'named' check (kind in ('named', 'round', 'restore-point')),
  -- Set for kind 'round' once the round row exists (the two rows are written in one transaction).
  round_id uuid null,
  created_by uuid null references users (id) on delete set null,
  created_at timestamptz not null default now()
);
-- The history list: one incident's snapshots, newest first.
create index snapshots_incident_id_idx on snapshots (incident_id, created_at desc, id desc);
-- Snapshots are large (a 10,000-event incident: about 5 MiB of state and 6 MiB of JSON). lz4 compresses them about
-- as well as the default pglz in a quarter of the time; where the server has no lz4 (PGlite, or a build without it)
-- they keep pglz.
do $$
begin
  execute 'alter table snapshots alter column state set compression lz4, alter column projection set compression lz4';
exception when others then
  null;
end $$;

-- Calibration rounds: a frozen snapshot shared with the participants, who leave feedback on its items until the
-- facilitator closes the round. Numbered 1, 2, 3… per incident.
create table rounds (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references incidents (id) on delete cascade,
  number integer not null check (number > 0),
  label text not null check (char_length(btrim(label)) between 1 and 200),
  message text not null default '' check (char_length(message) <= 5000),
  status text not null default 'open' check (status in ('open', 'closed')),
  snapshot_id uuid not null references snapshots (id),
  opened_by uuid null references users (id) on delete set null,
  created_at timestamptz not null default now(),
  closed_at timestamptz null,
  closed_by uuid null references users (id) on delete set null,
  unique (incident_id, number),
  check ((status = 'closed') = (closed_at is not null))
);
create index rounds_snapshot_id_idx on rounds (snapshot_id);

alter table snapshots add constraint snapshots_round_id_fkey
  foreign key (round_id) references rounds (id) on delete set null;
create index snapshots_round_id_idx on snapshots (round_id) where round_id is not null;

-- What participants said about the items of a round's frozen version.
create table feedback (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references rounds (id) on delete cascade,
  item_type text not null check (item_type in ('event', 'perspective', 'question', 'factor', 'actionItem')),
  item_id text not null check (item_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  author_id uuid null references users (id) on delete set null,
  kind text not null check (kind in ('agree', 'correction', 'missing-context', 'not-my-experience')),
  text text not null default '' check (char_length(text) <= 5000),
  created_at timestamptz not null default now()
);
-- The round view reads all of a round's feedback in order; the facilitator's per-item view filters by item.
create index feedback_round_id_idx on feedback (round_id, created_at, id);
create index feedback_item_idx on feedback (round_id, item_type, item_id);

-- Who has marked a round as reviewed.
create table round_reviews (
  round_id uuid not null references rounds (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  reviewed_at timestamptz not null default now(),
  primary key (round_id, user_id)
);
create index round_reviews_user_id_idx on round_reviews (user_id);
`,
};
