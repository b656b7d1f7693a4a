import { InvalidCompactionError } from './errors.ts';
import type { SqlClient } from './sql.ts';

/** One row of a document's update log. Matches StoredUpdate of @parallax/sync. */
export interface DocumentUpdateRow {
  seq: number;
  update: Uint8Array;
}

/** A document as stored: checkpoint plus the log after it. Matches StoredDocument of @parallax/sync. */
export interface StoredDocumentRows {
  checkpoint: Uint8Array | null;
  /** Highest seq folded into the checkpoint (0 when there is none). */
  checkpointSeq: number;
  updates: DocumentUpdateRow[];
}

export interface DocumentStats {
  /** Seq of the last update ever appended (0 when none); survives compaction. */
  lastSeq: number;
  checkpointSeq: number;
  checkpointBytes: number;
  /** Updates in the log after the checkpoint, and their total size: what compaction would fold away. */
  updateCount: number;
  updateBytes: number;
}

/**
 * Everything happens in one statement, hence one snapshot: with a separate checkpoint read, a compaction committing
 * in between could delete updates the reader then never sees. The checkpoint's state is only sent when it covers
 * seqs after `afterSeq` (load passes -1, so always).
 */
const LOAD_SQL = `
select 0 as part, c.upto_seq as seq, case when c.upto_seq > $2::bigint then c.state end as data
from document_checkpoints c
where c.doc_id = $1
union all
select 1 as part, u.seq, u.update as data
from document_updates u
where u.doc_id = $1
  and u.seq > greatest($2::bigint, coalesce((select upto_seq from document_checkpoints where doc_id = $1), 0))
order by part, seq`;

/**
 * One round trip for a whole batch. Bumping the head row numbers the batch and holds that row's lock until commit,
 * so concurrent appends to one document (from any process) get contiguous, gapless seqs committed in seq order.
 * Data-modifying CTEs always run to completion, and this statement is its own transaction.
 */
const APPEND_SQL = `
with head as (
  insert into document_heads as h (doc_id, last_seq)
  values ($1, cardinality($2::bytea[]))
  on conflict (doc_id) do update set last_seq = h.last_seq + excluded.last_seq, updated_at = now()
  returning h.last_seq
), inserted as (
  insert into document_updates (doc_id, seq, update, byte_size)
  select $1, head.last_seq - cardinality($2::bytea[]) + batch.ord, batch.update, octet_length(batch.update)
  from head cross join unnest($2::bytea[]) with ordinality as batch(update, ord)
  returning seq
)
select max(seq) as last_seq from inserted`;

/** DocumentStore (of @parallax/sync) over either SQL driver; needs the 0001 migration. */
export class SqlDocumentStore {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  load(docId: string): Promise<StoredDocumentRows> {
    return this.loadSince(docId, -1);
  }

  /**
   * What a process that has applied every update up to `afterSeq` is missing: the updates after it, plus the
   * checkpoint when compaction has folded some of those updates into it (applying a Yjs state twice is harmless).
   */
  async loadSince(docId: string, afterSeq: number): Promise<StoredDocumentRows> {
    const rows = await this.#sql.query<{ part: number; seq: number; data: Uint8Array | null }>(LOAD_SQL, [
      docId,
      afterSeq,
    ]);
    const result: StoredDocumentRows = { checkpoint: null, checkpointSeq: 0, updates: [] };
    for (const row of rows) {
      if (row.part === 0) {
        result.checkpoint = row.data;
        result.checkpointSeq = row.seq;
      } else if (row.data) {
        result.updates.push({ seq: row.seq, update: row.data });
      }
    }
    return result;
  }

  /** Appends in order in one transaction; resolves with the seq of the last one (the current head for none). */
  async append(docId: string, updates: Uint8Array[]): Promise<number> {
    if (updates.length === 0) return (await this.stats(docId)).lastSeq;
    const rows = await this.#sql.query<{ last_seq: number }>(APPEND_SQL, [docId, updates]);
    const lastSeq = rows[0]?.last_seq;
    if (typeof lastSeq !== 'number') throw new Error(`Append to ${docId} returned no seq`);
    return lastSeq;
  }

  /**
   * Replaces the updates with seq <= uptoSeq by `state`, in one transaction. Updates after uptoSeq stay. A compaction
   * older than the stored checkpoint is ignored, so a slow compactor can never roll the document back.
   */
  async compact(docId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    if (!Number.isSafeInteger(uptoSeq) || uptoSeq < 0) {
      throw new InvalidCompactionError(`Cannot compact ${docId} up to seq ${uptoSeq}`);
    }
    await this.#sql.transaction(async (tx) => {
      const [head] = await tx.query<{ last_seq: number }>('select last_seq from document_heads where doc_id = $1', [
        docId,
      ]);
      const lastSeq = head?.last_seq ?? 0;
      if (uptoSeq > lastSeq) {
        throw new InvalidCompactionError(
          `Cannot compact ${docId} up to seq ${uptoSeq}: the last appended seq is ${lastSeq}`,
        );
      }
      const written = await tx.query(
        `insert into document_checkpoints as c (doc_id, state, upto_seq, byte_size)
         values ($1, $2, $3, octet_length($2::bytea))
         on conflict (doc_id) do update
           set state = excluded.state, upto_seq = excluded.upto_seq, byte_size = excluded.byte_size, updated_at = now()
           where c.upto_seq <= excluded.upto_seq
         returning upto_seq`,
        [docId, state, uptoSeq],
      );
      if (written.length === 0) return;
      await tx.query('delete from document_updates where doc_id = $1 and seq <= $2', [docId, uptoSeq]);
    });
  }

  async stats(docId: string): Promise<DocumentStats> {
    const [row] = await this.#sql.query<{
      last_seq: number;
      checkpoint_seq: number;
      checkpoint_bytes: number;
      update_count: number;
      update_bytes: number;
    }>(
      `with c as (select upto_seq, byte_size from document_checkpoints where doc_id = $1)
       select
         coalesce((select last_seq from document_heads where doc_id = $1), 0) as last_seq,
         coalesce((select upto_seq from c), 0) as checkpoint_seq,
         coalesce((select byte_size from c), 0) as checkpoint_bytes,
         count(u.seq) as update_count,
         coalesce(sum(u.byte_size), 0)::bigint as update_bytes
       from document_updates u
       where u.doc_id = $1 and u.seq > coalesce((select upto_seq from c), 0)`,
      [docId],
    );
    return {
      lastSeq: row?.last_seq ?? 0,
      checkpointSeq: row?.checkpoint_seq ?? 0,
      checkpointBytes: row?.checkpoint_bytes ?? 0,
      updateCount: row?.update_count ?? 0,
      updateBytes: row?.update_bytes ?? 0,
    };
  }
}
