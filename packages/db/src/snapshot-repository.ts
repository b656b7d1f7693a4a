import { isUuid } from './incident-repository.ts';
import type { SqlClient, SqlExecutor } from './sql.ts';

/** named: taken by hand; round: frozen when a calibration round opened; restore-point: taken before a restore. */
export const SNAPSHOT_KINDS = ['named', 'round', 'restore-point'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

/** A snapshot as lists show it: everything but the (large) state and projection. */
export interface SnapshotRecord {
  id: string;
  incidentId: string;
  label: string;
  kind: SnapshotKind;
  /** The round this snapshot was frozen for (kind 'round'), and its number. */
  roundId: string | null;
  roundNumber: number | null;
  /** Head of the document's update log right after the flush: every update with seq <= logSeq is in the state. */
  logSeq: number;
  /** Size of the encoded state (Yjs update format V2). */
  stateBytes: number;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

export interface NewSnapshot {
  incidentId: string;
  /** Y.encodeStateAsUpdateV2 of the document. */
  state: Uint8Array;
  /** The document's JSON projection (plain JSON). */
  projection: unknown;
  logSeq: number;
  label: string;
  kind: SnapshotKind;
  createdBy: string | null;
}

type SnapshotRow = {
  id: string;
  incident_id: string;
  label: string;
  kind: string;
  round_id: string | null;
  round_number: number | null;
  log_seq: number;
  state_bytes: number;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
};

const COLUMNS = 'id, incident_id, label, kind, round_id, log_seq, state_bytes, created_by, created_at';

/** Snapshot columns with the author's name and the round's number, from a relation (or CTE) named `s`. */
const SELECT_FROM = (relation: string) => `
select s.id, s.incident_id, s.label, s.kind, s.round_id, r.number as round_number, s.log_seq, s.state_bytes,
       s.created_by, u.name as created_by_name, s.created_at
from ${relation} s
left join users u on u.id = s.created_by
left join rounds r on r.id = s.round_id`;

/**
 * JSON for a jsonb column. PostgreSQL's jsonb refuses the NUL character and unpaired surrogates, which a Y.Text may
 * well hold (a pasted binary, a client splitting a pair); both become U+FFFD in the stored projection rather than
 * failing the snapshot, and `exact` says whether that happened. The state bytes always keep the exact text.
 */
export function toJsonbText(value: unknown): { json: string; exact: boolean } {
  const json = JSON.stringify(value);
  // JSON.stringify writes both as \uXXXX escapes (paired surrogates stay raw characters); an escape is one only when
  // the backslash before the `u` is not itself escaped, i.e. after an even run of backslashes.
  const stored = json.replace(/(?<!\\)((?:\\\\)*)\\u(?:0000|[dD][89abcdefABCDEF][0-9a-fA-F]{2})/g, '$1\\ufffd');
  return { json: stored, exact: stored === json };
}

/** Inserts one snapshot with the executor given (a transaction, when rows must be written together). */
export async function insertSnapshot(executor: SqlExecutor, input: NewSnapshot): Promise<SnapshotRecord> {
  if (!Number.isSafeInteger(input.logSeq) || input.logSeq < 0) {
    throw new RangeError(`A snapshot's log position must be a non-negative integer: ${input.logSeq}`);
  }
  const projection = toJsonbText(input.projection);
  const [row] = await executor.query<SnapshotRow>(
    `with s as (
       insert into snapshots
         (incident_id, state, state_bytes, projection, projection_exact, log_seq, label, kind, created_by)
       values ($1, $2, $3, $4::text::jsonb, $5, $6, $7, $8, $9)
       returning ${COLUMNS}
     )
     ${SELECT_FROM('s')}`,
    [
      input.incidentId,
      input.state,
      input.state.byteLength,
      projection.json,
      projection.exact,
      input.logSeq,
      input.label,
      input.kind,
      input.createdBy,
    ],
  );
  if (!row) throw new Error('Insert into snapshots returned no row');
  return toRecord(row);
}

/** Frozen document states of incidents: rows of the full encoded state plus its JSON projection. */
export class SnapshotRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  create(input: NewSnapshot): Promise<SnapshotRecord> {
    return insertSnapshot(this.#sql, input);
  }

  /**
   * Replaces the state and projection of a snapshot that is being taken (a restore point whose document changed
   * between its capture and the restore). Resolves with the updated record.
   */
  async replaceContent(id: string, content: { state: Uint8Array; projection: unknown }): Promise<SnapshotRecord> {
    const projection = toJsonbText(content.projection);
    const [row] = await this.#sql.query<SnapshotRow>(
      `with s as (
         update snapshots set state = $2, state_bytes = $3, projection = $4::text::jsonb, projection_exact = $5
         where id = $1
         returning ${COLUMNS}
       )
       ${SELECT_FROM('s')}`,
      [id, content.state, content.state.byteLength, projection.json, projection.exact],
    );
    if (!row) throw new Error(`No snapshot ${id} to replace the content of`);
    return toRecord(row);
  }

  /** Undefined when there is no such snapshot (also for a malformed id). */
  async get(id: string): Promise<SnapshotRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.#sql.query<SnapshotRow>(`${SELECT_FROM('snapshots')} where s.id = $1`, [id]);
    return row && toRecord(row);
  }

  /** The stored projection, parsed; undefined when there is no such snapshot. */
  async projection(id: string): Promise<unknown> {
    if (!isUuid(id)) return undefined;
    // As text, parsed here: both drivers then give the same result, and jsonb's own parsing is skipped.
    const [row] = await this.#sql.query<{ projection: string }>(
      'select projection::text as projection from snapshots where id = $1',
      [id],
    );
    return row ? (JSON.parse(row.projection) as unknown) : undefined;
  }

  /** The encoded state (Yjs update format V2); undefined when there is no such snapshot. */
  async state(id: string): Promise<Uint8Array | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.#sql.query<{ state: Uint8Array }>('select state from snapshots where id = $1', [id]);
    return row?.state;
  }

  /**
   * What restoring or forking needs, read cheaply: the stored projection when it is exact (parsing JSON is much faster
   * than decoding a Yjs state), else the state to rebuild it from. Undefined when there is no such snapshot.
   */
  async content(id: string): Promise<{ projection: unknown } | { state: Uint8Array } | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.#sql.query<{ projection: string | null; state: Uint8Array | null }>(
      `select case when projection_exact then projection::text end as projection,
              case when projection_exact then null else state end as state
       from snapshots where id = $1`,
      [id],
    );
    if (!row) return undefined;
    if (row.projection !== null) return { projection: JSON.parse(row.projection) as unknown };
    if (row.state !== null) return { state: row.state };
    throw new Error(`Snapshot ${id} has neither an exact projection nor a state`);
  }

  /** One incident's snapshots, newest first, without their state or projection. */
  async listForIncident(incidentId: string): Promise<SnapshotRecord[]> {
    if (!isUuid(incidentId)) return [];
    const rows = await this.#sql.query<SnapshotRow>(
      `${SELECT_FROM('snapshots')} where s.incident_id = $1 order by s.created_at desc, s.id desc`,
      [incidentId],
    );
    return rows.map(toRecord);
  }

  /** The seq of the last update ever appended to the document's log (0 when none); see SqlDocumentStore. */
  async logHead(docId: string): Promise<number> {
    const [row] = await this.#sql.query<{ last_seq: number }>('select last_seq from document_heads where doc_id = $1', [
      docId,
    ]);
    return row?.last_seq ?? 0;
  }
}

function toRecord(row: SnapshotRow): SnapshotRecord {
  return {
    id: row.id,
    incidentId: row.incident_id,
    label: row.label,
    kind: toKind(row.kind),
    roundId: row.round_id,
    roundNumber: row.round_number,
    logSeq: row.log_seq,
    stateBytes: row.state_bytes,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: row.created_at.toISOString(),
  };
}

function toKind(value: string): SnapshotKind {
  if (!(SNAPSHOT_KINDS as readonly string[]).includes(value)) throw new TypeError(`Unknown snapshot kind: ${value}`);
  return value as SnapshotKind;
}
