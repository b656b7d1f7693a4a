import { LastOwnerError } from './errors.ts';
import { isUuid } from './incident-repository.ts';
import { toRole, type Role } from './roles.ts';
import type { SqlClient, SqlExecutor } from './sql.ts';

export interface MemberRecord {
  incidentId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  addedAt: string;
  addedBy: string | null;
}

type MemberRow = {
  incident_id: string;
  user_id: string;
  email: string;
  name: string;
  role: string;
  added_at: Date;
  added_by: string | null;
};

const SELECT_MEMBERS = `
select m.incident_id, m.user_id, u.email, u.name, m.role, m.added_at, m.added_by
from incident_members m join users u on u.id = m.user_id`;

/** Roles as numbers in SQL, weakest first, matching ROLES. */
const ROLE_RANK_SQL = (column: string) => `array_position(array['viewer','editor','facilitator','owner'], ${column})`;

/**
 * Owner rows of one incident, locked for the rest of the transaction: every change that could remove an owner takes
 * this lock first, so two owners demoting each other at once cannot both succeed and leave nobody.
 */
const LOCK_OWNERS_SQL = `select user_id from incident_members where incident_id = $1 and role = 'owner' for update`;

/** Who belongs to which incident, with which role. */
export class MemberRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  /** Undefined when the user is already a member (their role is left alone). */
  async add(input: {
    incidentId: string;
    userId: string;
    role: Role;
    addedBy: string | null;
  }): Promise<MemberRecord | undefined> {
    const [row] = await this.#sql.query<{ user_id: string }>(
      `insert into incident_members (incident_id, user_id, role, added_by) values ($1, $2, $3, $4)
       on conflict (incident_id, user_id) do nothing
       returning user_id`,
      [input.incidentId, input.userId, input.role, input.addedBy],
    );
    return row ? this.get(input.incidentId, input.userId) : undefined;
  }

  /**
   * Makes the user a member with at least `role`: adds them, or upgrades a weaker role, never downgrades (accepting
   * a viewer invite must not demote an editor). Resolves with the role they hold afterwards.
   */
  async grantAtLeast(
    input: { incidentId: string; userId: string; role: Role; addedBy: string | null },
    executor: SqlExecutor = this.#sql,
  ): Promise<Role> {
    const [row] = await executor.query<{ role: string }>(
      `insert into incident_members as m (incident_id, user_id, role, added_by) values ($1, $2, $3, $4)
       on conflict (incident_id, user_id) do update set role = excluded.role
         where ${ROLE_RANK_SQL('excluded.role')} > ${ROLE_RANK_SQL('m.role')}
       returning m.role`,
      [input.incidentId, input.userId, input.role, input.addedBy],
    );
    if (row) return toRole(row.role);
    const [current] = await executor.query<{ role: string }>(
      'select role from incident_members where incident_id = $1 and user_id = $2',
      [input.incidentId, input.userId],
    );
    if (!current) throw new Error('Membership vanished while it was being granted');
    return toRole(current.role);
  }

  async get(incidentId: string, userId: string): Promise<MemberRecord | undefined> {
    if (!isUuid(incidentId) || !isUuid(userId)) return undefined;
    const [row] = await this.#sql.query<MemberRow>(`${SELECT_MEMBERS} where m.incident_id = $1 and m.user_id = $2`, [
      incidentId,
      userId,
    ]);
    return row && toRecord(row);
  }

  /** Strongest role first, then by name. */
  async list(incidentId: string): Promise<MemberRecord[]> {
    if (!isUuid(incidentId)) return [];
    const rows = await this.#sql.query<MemberRow>(
      `${SELECT_MEMBERS} where m.incident_id = $1
       order by ${ROLE_RANK_SQL('m.role')} desc, lower(u.name), u.email`,
      [incidentId],
    );
    return rows.map(toRecord);
  }

  /**
   * Undefined when the user is not a member. Throws LastOwnerError when this would demote the incident's only
   * owner.
   */
  async changeRole(incidentId: string, userId: string, role: Role): Promise<MemberRecord | undefined> {
    if (!isUuid(incidentId) || !isUuid(userId)) return undefined;
    const changed = await this.#sql.transaction(async (tx) => {
      const owners = await tx.query<{ user_id: string }>(LOCK_OWNERS_SQL, [incidentId]);
      const [current] = await tx.query<{ role: string }>(
        'select role from incident_members where incident_id = $1 and user_id = $2 for update',
        [incidentId, userId],
      );
      if (!current) return false;
      if (current.role === 'owner' && role !== 'owner' && owners.length <= 1) throw new LastOwnerError(incidentId);
      await tx.query('update incident_members set role = $3 where incident_id = $1 and user_id = $2', [
        incidentId,
        userId,
        role,
      ]);
      return true;
    });
    return changed ? this.get(incidentId, userId) : undefined;
  }

  /** False when the user was not a member. Throws LastOwnerError when they are the incident's only owner. */
  async remove(incidentId: string, userId: string): Promise<boolean> {
    if (!isUuid(incidentId) || !isUuid(userId)) return false;
    return this.#sql.transaction(async (tx) => {
      const owners = await tx.query<{ user_id: string }>(LOCK_OWNERS_SQL, [incidentId]);
      const [current] = await tx.query<{ role: string }>(
        'select role from incident_members where incident_id = $1 and user_id = $2 for update',
        [incidentId, userId],
      );
      if (!current) return false;
      if (current.role === 'owner' && owners.length <= 1) throw new LastOwnerError(incidentId);
      await tx.query('delete from incident_members where incident_id = $1 and user_id = $2', [incidentId, userId]);
      return true;
    });
  }

  /** User ids of every member, e.g. to find who loses access when an incident stops being organisation-visible. */
  async userIds(incidentId: string): Promise<string[]> {
    if (!isUuid(incidentId)) return [];
    const rows = await this.#sql.query<{ user_id: string }>(
      'select user_id from incident_members where incident_id = $1',
      [incidentId],
    );
    return rows.map((row) => row.user_id);
  }

  /**
   * Makes the user owner of every incident that has no owner: incidents created before accounts existed. The first
   * administrator calls it, so an upgraded instance's incidents are not left unmanageable. Returns how many.
   */
  async adoptOwnerless(userId: string, options: { createdBy?: string } = {}): Promise<number> {
    const rows = await this.#sql.query(
      `insert into incident_members (incident_id, user_id, role, added_by)
       select i.id, $1, 'owner', null from incidents i
       where ($2::text is null or i.created_by = $2)
         and not exists (select 1 from incident_members m where m.incident_id = i.id and m.role = 'owner')
       on conflict (incident_id, user_id) do update set role = 'owner'
       returning incident_id`,
      [userId, options.createdBy ?? null],
    );
    return rows.length;
  }
}

function toRecord(row: MemberRow): MemberRecord {
  return {
    incidentId: row.incident_id,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: toRole(row.role),
    addedAt: row.added_at.toISOString(),
    addedBy: row.added_by,
  };
}
