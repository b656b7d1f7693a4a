import { isUuid } from './incident-repository.ts';
import { MemberRepository } from './member-repository.ts';
import { toRole, type Role } from './roles.ts';
import type { SqlClient } from './sql.ts';

export interface InviteRecord {
  id: string;
  incidentId: string;
  role: Role;
  expiresAt: string;
  revokedAt: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** An invite found by its token, with what a preview shows of the incident. */
export interface InviteWithIncident {
  invite: InviteRecord;
  incident: { id: string; title: string };
}

export interface CreateInviteInput {
  incidentId: string;
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  tokenHash: string;
  role: Role;
  expiresAt: Date;
  createdBy: string | null;
}

export type AcceptInviteResult =
  { status: 'accepted'; incidentId: string; role: Role } | { status: 'expired' } | { status: 'not-found' };

type InviteRow = {
  id: string;
  incident_id: string;
  role: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_by: string | null;
  created_at: Date;
};

const COLUMNS = 'id, incident_id, role, expires_at, revoked_at, created_by, created_at';
const QUALIFIED_COLUMNS = COLUMNS.split(', ')
  .map((column) => `v.${column}`)
  .join(', ');

/** Invite links to one incident, each granting a role until it expires or is revoked. */
export class InviteRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  async create(input: CreateInviteInput): Promise<InviteRecord> {
    const [row] = await this.#sql.query<InviteRow>(
      `insert into invites (incident_id, token_hash, role, expires_at, created_by)
       values ($1, $2, $3, $4, $5) returning ${COLUMNS}`,
      [input.incidentId, input.tokenHash, input.role, input.expiresAt, input.createdBy],
    );
    if (!row) throw new Error('Insert into invites returned no row');
    return toRecord(row);
  }

  /** Neither expired nor revoked, soonest to expire first. */
  async listActive(incidentId: string, now: Date = new Date()): Promise<InviteRecord[]> {
    if (!isUuid(incidentId)) return [];
    const rows = await this.#sql.query<InviteRow>(
      `select ${COLUMNS} from invites
       where incident_id = $1 and revoked_at is null and expires_at > $2
       order by expires_at, id`,
      [incidentId, now],
    );
    return rows.map(toRecord);
  }

  /** Whatever its state (expired and revoked ones too), so the caller can say why it no longer works. */
  async findByTokenHash(tokenHash: string): Promise<InviteWithIncident | undefined> {
    const [row] = await this.#sql.query<InviteRow & { title: string }>(
      `select ${QUALIFIED_COLUMNS}, i.title
       from invites v join incidents i on i.id = v.incident_id
       where v.token_hash = $1`,
      [tokenHash],
    );
    return row && { invite: toRecord(row), incident: { id: row.incident_id, title: row.title } };
  }

  /** False when the incident has no such invite. Revoking twice keeps the first time. */
  async revoke(incidentId: string, inviteId: string): Promise<boolean> {
    if (!isUuid(incidentId) || !isUuid(inviteId)) return false;
    const rows = await this.#sql.query(
      `update invites set revoked_at = coalesce(revoked_at, now())
       where incident_id = $1 and id = $2 returning id`,
      [incidentId, inviteId],
    );
    return rows.length > 0;
  }

  /**
   * Grants the invite's role to the user (never downgrading a stronger membership). The invite row is locked for the
   * transaction, so a revoke racing with the acceptance either happens first (and wins) or after.
   */
  async accept(tokenHash: string, userId: string, now: Date = new Date()): Promise<AcceptInviteResult> {
    return this.#sql.transaction(async (tx) => {
      const [row] = await tx.query<InviteRow>(`select ${COLUMNS} from invites where token_hash = $1 for update`, [
        tokenHash,
      ]);
      if (!row) return { status: 'not-found' };
      if (!isActive(toRecord(row), now)) return { status: 'expired' };
      const role = await new MemberRepository(this.#sql).grantAtLeast(
        { incidentId: row.incident_id, userId, role: toRole(row.role), addedBy: row.created_by },
        tx,
      );
      return { status: 'accepted', incidentId: row.incident_id, role };
    });
  }
}

export function isActive(invite: Pick<InviteRecord, 'expiresAt' | 'revokedAt'>, now: Date = new Date()): boolean {
  return invite.revokedAt === null && Date.parse(invite.expiresAt) > now.getTime();
}

function toRecord(row: InviteRow): InviteRecord {
  return {
    id: row.id,
    incidentId: row.incident_id,
    role: toRole(row.role),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}
