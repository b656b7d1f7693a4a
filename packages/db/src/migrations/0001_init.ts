import type { Migration } from './types.ts';

export const init: Migration = {
  id: 1,
  name: 'init',
  sql: /* sql */ `
create table incidents (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(btrim(title)) > 0),
  severity text null,
  status text not null default 'investigating',
  reference_time_zone text not null default 'UTC',
  -- A user id once accounts exist; the foreign key arrives with the users table.
  created_by text null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  archived_at timestamptz null
);

-- The library lists incidents newest first, usually without the archived ones.
create index incidents_created_at_idx on incidents (created_at desc, id desc);
create index incidents_active_created_at_idx on incidents (created_at desc, id desc) where archived_at is null;

-- The head of each document's update log. Appends take the row lock while they number their updates, so seqs are
-- per document, gapless, and committed in order: a process healing from the log with "seq > last seen" can never
-- skip an update that a slower transaction commits later (a shared identity sequence allows exactly that).
-- last_seq survives compaction so seqs are never reused.
create table document_heads (
  doc_id text primary key,
  last_seq bigint not null check (last_seq >= 0),
  updated_at timestamptz not null default now()
) with (fillfactor = 70);

-- The append-only Yjs update log; compaction folds a prefix of it into document_checkpoints.
create table document_updates (
  doc_id text not null,
  seq bigint not null check (seq > 0),
  update bytea not null,
  byte_size integer not null,
  created_at timestamptz not null default now(),
  primary key (doc_id, seq)
);

create table document_checkpoints (
  doc_id text primary key,
  state bytea not null,
  -- Highest seq folded into state; updates at or below it are deleted in the same transaction.
  upto_seq bigint not null check (upto_seq >= 0),
  byte_size integer not null,
  updated_at timestamptz not null default now()
);
`,
};
