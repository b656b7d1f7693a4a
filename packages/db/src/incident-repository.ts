import { IncidentExistsError, isUniqueViolation } from './errors.ts';
import type { SqlClient } from './sql.ts';

export interface IncidentRecord {
  id: string;
  title: string;
  severity: string | null;
  status: string;
  referenceTimeZone: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface CreateIncidentInput {
  /** Chosen by the caller when it must be known up front (forks, imports); generated otherwise. */
  id?: string;
  title: string;
  severity?: string | null;
  referenceTimeZone?: string;
  createdBy?: string | null;
}

export interface IncidentPatch {
  title?: string;
  severity?: string | null;
  status?: string;
  referenceTimeZone?: string;
}

type IncidentRow = {
  id: string;
  title: string;
  severity: string | null;
  status: string;
  reference_time_zone: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
};

const COLUMNS = 'id, title, severity, status, reference_time_zone, created_by, created_at, updated_at, archived_at';

/** Patchable fields and their columns; the only names ever interpolated into SQL. */
const PATCH_COLUMNS = {
  title: 'title',
  severity: 'severity',
  status: 'status',
  referenceTimeZone: 'reference_time_zone',
} as const satisfies Record<keyof IncidentPatch, string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Incidents' metadata rows. Their content lives in the incident's Yjs document. */
export class IncidentRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  async create(input: CreateIncidentInput): Promise<IncidentRecord> {
    if (input.id !== undefined && !isUuid(input.id)) throw new TypeError(`Incident id must be a UUID: ${input.id}`);
    try {
      const [row] = await this.#sql.query<IncidentRow>(
        `insert into incidents (id, title, severity, reference_time_zone, created_by)
         values (coalesce($1::uuid, gen_random_uuid()), $2, $3, coalesce($4, 'UTC'), $5)
         returning ${COLUMNS}`,
        [
          input.id ?? null,
          input.title,
          input.severity ?? null,
          input.referenceTimeZone ?? null,
          input.createdBy ?? null,
        ],
      );
      if (!row) throw new Error('Insert into incidents returned no row');
      return toRecord(row);
    } catch (error) {
      if (input.id !== undefined && isUniqueViolation(error)) throw new IncidentExistsError(input.id, { cause: error });
      throw error;
    }
  }

  /** Newest first. */
  async list(options: { includeArchived?: boolean } = {}): Promise<IncidentRecord[]> {
    const rows = await this.#sql.query<IncidentRow>(
      `select ${COLUMNS} from incidents
       where $1::boolean or archived_at is null
       order by created_at desc, id desc`,
      [options.includeArchived ?? false],
    );
    return rows.map(toRecord);
  }

  /** Undefined when there is no such incident, including when the id is not a UUID at all. */
  async get(id: string): Promise<IncidentRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.#sql.query<IncidentRow>(`select ${COLUMNS} from incidents where id = $1`, [id]);
    return row && toRecord(row);
  }

  /** Applies the fields present in patch; undefined when there is no such incident. */
  async update(id: string, patch: IncidentPatch): Promise<IncidentRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const assignments: string[] = [];
    const params: unknown[] = [id];
    for (const key of Object.keys(PATCH_COLUMNS) as (keyof IncidentPatch)[]) {
      if (patch[key] === undefined) continue;
      params.push(patch[key]);
      assignments.push(`${PATCH_COLUMNS[key]} = $${params.length}`);
    }
    if (assignments.length === 0) return this.get(id);
    const [row] = await this.#sql.query<IncidentRow>(
      `update incidents set ${assignments.join(', ')}, updated_at = now() where id = $1 returning ${COLUMNS}`,
      params,
    );
    return row && toRecord(row);
  }

  /** Hides the incident from the default list; archiving twice keeps the first time. */
  async archive(id: string): Promise<IncidentRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.#sql.query<IncidentRow>(
      `update incidents
       set archived_at = coalesce(archived_at, now()),
           updated_at = case when archived_at is null then now() else updated_at end
       where id = $1 returning ${COLUMNS}`,
      [id],
    );
    return row && toRecord(row);
  }
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function toRecord(row: IncidentRow): IncidentRecord {
  return {
    id: row.id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    referenceTimeZone: row.reference_time_zone,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    archivedAt: row.archived_at ? row.archived_at.toISOString() : null,
  };
}
