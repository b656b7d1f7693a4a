import { IncidentExistsError, isUniqueViolation } from './errors.ts';
import { toRole, type Role } from './roles.ts';
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
  /** Everyone signed in may read it (as a viewer), member or not. */
  organisationCanView: boolean;
}

/** An incident as one user sees it: their membership role, if any. */
export interface IncidentWithMembership {
  incident: IncidentRecord;
  /** Null when the user is not a member (they may still read it when it is organisation-visible). */
  memberRole: Role | null;
}

export interface CreateIncidentInput {
  /** Chosen by the caller when it must be known up front (forks, imports); generated otherwise. */
  id?: string;
  title: string;
  severity?: string | null;
  referenceTimeZone?: string;
  createdBy?: string | null;
  /** A user id: created as the incident's owner in the same statement, so an incident never lacks one. */
  ownerId?: string;
  organisationCanView?: boolean;
}

export interface IncidentPatch {
  title?: string;
  severity?: string | null;
  status?: string;
  referenceTimeZone?: string;
  organisationCanView?: boolean;
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
  organisation_can_view: boolean;
};

const COLUMNS =
  'id, title, severity, status, reference_time_zone, created_by, created_at, updated_at, archived_at, ' +
  'organisation_can_view';
const QUALIFIED_COLUMNS = COLUMNS.split(', ')
  .map((column) => `i.${column}`)
  .join(', ');

/** Patchable fields and their columns; the only names ever interpolated into SQL. */
const PATCH_COLUMNS = {
  title: 'title',
  severity: 'severity',
  status: 'status',
  referenceTimeZone: 'reference_time_zone',
  organisationCanView: 'organisation_can_view',
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
    if (input.ownerId !== undefined && !isUuid(input.ownerId)) {
      throw new TypeError(`Owner id must be a user id (UUID): ${input.ownerId}`);
    }
    try {
      const [row] = await this.#sql.query<IncidentRow>(
        `with created as (
           insert into incidents (id, title, severity, reference_time_zone, created_by, organisation_can_view)
           values (coalesce($1::uuid, gen_random_uuid()), $2, $3, coalesce($4, 'UTC'), $5, $7)
           returning ${COLUMNS}
         ), owner as (
           insert into incident_members (incident_id, user_id, role, added_by)
           select id, $6::uuid, 'owner', $6::uuid from created where $6::uuid is not null
         )
         select ${COLUMNS} from created`,
        [
          input.id ?? null,
          input.title,
          input.severity ?? null,
          input.referenceTimeZone ?? null,
          input.createdBy ?? input.ownerId ?? null,
          input.ownerId ?? null,
          input.organisationCanView ?? false,
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

  /**
   * Incidents the user may see, newest first: those they are a member of and those open to everyone signed in, with
   * their membership role (null for a non-member reading an organisation-visible incident).
   */
  async listVisibleTo(userId: string, options: { includeArchived?: boolean } = {}): Promise<IncidentWithMembership[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.#sql.query<IncidentRow & { member_role: string | null }>(
      `select ${QUALIFIED_COLUMNS}, m.role as member_role
       from incidents i
       left join incident_members m on m.incident_id = i.id and m.user_id = $1
       where (m.role is not null or i.organisation_can_view)
         and ($2::boolean or i.archived_at is null)
       order by i.created_at desc, i.id desc`,
      [userId, options.includeArchived ?? false],
    );
    return rows.map(toWithMembership);
  }

  /** The incident and the user's membership role in one query; undefined when there is no such incident. */
  async getForUser(id: string, userId: string): Promise<IncidentWithMembership | undefined> {
    if (!isUuid(id) || !isUuid(userId)) return undefined;
    const [row] = await this.#sql.query<IncidentRow & { member_role: string | null }>(
      `select ${QUALIFIED_COLUMNS}, m.role as member_role
       from incidents i
       left join incident_members m on m.incident_id = i.id and m.user_id = $2
       where i.id = $1`,
      [id, userId],
    );
    return row && toWithMembership(row);
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
    organisationCanView: row.organisation_can_view,
  };
}

function toWithMembership(row: IncidentRow & { member_role: string | null }): IncidentWithMembership {
  return { incident: toRecord(row), memberRole: row.member_role === null ? null : toRole(row.member_role) };
}
