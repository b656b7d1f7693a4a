import type { SqlClient } from './sql.ts';

export interface AttemptWindow {
  /** Failures recorded within the window. */
  count: number;
  /** When the oldest of them happened: the window frees a slot once that one is older than the window. */
  oldestAt: Date | null;
}

/**
 * Failed login attempts, keyed by whatever the caller limits (an account, a client address). Times come from the
 * database clock, so every process counts against the same clock.
 */
export class LoginAttemptRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  /** Failures per key within the last `windowMs`; every key asked for is in the result. */
  async recentFailures(keys: string[], windowMs: number): Promise<Map<string, AttemptWindow>> {
    const rows = await this.#sql.query<{ key: string; count: number; oldest_at: Date | null }>(
      `select key, count(*)::bigint as count, min(attempted_at) as oldest_at
       from login_attempts
       where key = any($1::text[]) and attempted_at > now() - make_interval(secs => $2::double precision / 1000)
       group by key`,
      [keys, windowMs],
    );
    const result = new Map<string, AttemptWindow>(keys.map((key) => [key, { count: 0, oldestAt: null }]));
    for (const row of rows) result.set(row.key, { count: row.count, oldestAt: row.oldest_at });
    return result;
  }

  /** Records one failure under each key, and forgets this key's failures older than the window. */
  async recordFailure(keys: string[], windowMs: number): Promise<void> {
    await this.#sql.query(
      `with pruned as (
         delete from login_attempts
         where key = any($1::text[]) and attempted_at <= now() - make_interval(secs => $2::double precision / 1000)
       )
       insert into login_attempts (key) select unnest($1::text[])`,
      [keys, windowMs],
    );
  }

  /** Housekeeping: drops every failure older than the window, for keys that never came back. */
  async prune(windowMs: number): Promise<number> {
    const rows = await this.#sql.query(
      `delete from login_attempts
       where attempted_at <= now() - make_interval(secs => $1::double precision / 1000)
       returning key`,
      [windowMs],
    );
    return rows.length;
  }

  /** A successful login clears the account's failures (never the address's: one good password must not unlock it). */
  async clear(key: string): Promise<void> {
    await this.#sql.query('delete from login_attempts where key = $1', [key]);
  }
}
