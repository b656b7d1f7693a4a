import { isUuid } from './incident-repository.ts';
import type { SqlClient } from './sql.ts';
import type { UserRecord } from './user-repository.ts';

export interface SessionRecord {
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  id: string;
  userId: string;
  expiresAt: Date;
}

export interface SessionWithUser {
  session: SessionRecord;
  user: UserRecord;
}

type SessionUserRow = {
  id: string;
  user_id: string;
  expires_at: Date;
  email: string;
  name: string;
  is_admin: boolean;
  created_at: Date;
};

/** Sign-in sessions. Expiry policy (sliding renewal) belongs to the caller; this stores and finds. */
export class SessionRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  async create(session: SessionRecord): Promise<void> {
    await this.#sql.query('insert into sessions (id, user_id, expires_at) values ($1, $2, $3)', [
      session.id,
      session.userId,
      session.expiresAt,
    ]);
  }

  /**
   * The session and its user in one query: every request validates a session, so this is the hot path. Expired
   * sessions are returned too (the caller deletes them), so expiry is decided in one place.
   */
  async findWithUser(id: string): Promise<SessionWithUser | undefined> {
    const [row] = await this.#sql.query<SessionUserRow>(
      `select s.id, s.user_id, s.expires_at, u.email, u.name, u.is_admin, u.created_at
       from sessions s join users u on u.id = s.user_id
       where s.id = $1`,
      [id],
    );
    if (!row) return undefined;
    return {
      session: { id: row.id, userId: row.user_id, expiresAt: row.expires_at },
      user: {
        id: row.user_id,
        email: row.email,
        name: row.name,
        isAdmin: row.is_admin,
        createdAt: row.created_at.toISOString(),
      },
    };
  }

  async setExpiry(id: string, expiresAt: Date): Promise<void> {
    await this.#sql.query('update sessions set expires_at = $2 where id = $1', [id, expiresAt]);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.#sql.query('delete from sessions where id = $1 returning id', [id])).length > 0;
  }

  /** Ends every session of the user (optionally but one); returns the ids ended, so their sockets can be closed. */
  async deleteForUser(userId: string, options: { except?: string } = {}): Promise<string[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.#sql.query<{ id: string }>(
      'delete from sessions where user_id = $1 and ($2::text is null or id <> $2) returning id',
      [userId, options.except ?? null],
    );
    return rows.map((row) => row.id);
  }

  /** Housekeeping: sessions nobody can use any more. */
  async deleteExpired(now: Date = new Date()): Promise<number> {
    return (await this.#sql.query('delete from sessions where expires_at <= $1 returning id', [now])).length;
  }
}
