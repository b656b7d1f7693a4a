import type { SqlClient } from './sql.ts';

/** When each person last looked at each incident ("new since your last visit"). */
export class IncidentViewRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  /** ISO 8601 in UTC, or null when the person has never been recorded looking at it. */
  async lastViewedAt(incidentId: string, userId: string): Promise<string | null> {
    const [row] = await this.#sql.query<{ last_viewed_at: Date }>(
      'select last_viewed_at from incident_views where incident_id = $1 and user_id = $2',
      [incidentId, userId],
    );
    return row ? row.last_viewed_at.toISOString() : null;
  }

  /**
   * Records a look at `at` and returns the stored moment. It only moves forward (a slow request from a tab closed
   * earlier must not bring back marks the person already cleared) and never past the database's clock (a client
   * clock running ahead would otherwise hide changes made until then).
   */
  async record(incidentId: string, userId: string, at: string): Promise<string> {
    const [row] = await this.#sql.query<{ last_viewed_at: Date }>(
      `insert into incident_views (incident_id, user_id, last_viewed_at) values ($1, $2, least($3::timestamptz, now()))
       on conflict (incident_id, user_id) do update
         set last_viewed_at = greatest(incident_views.last_viewed_at, excluded.last_viewed_at)
       returning last_viewed_at`,
      [incidentId, userId, at],
    );
    if (!row) throw new Error('upsert into incident_views returned no row');
    return row.last_viewed_at.toISOString();
  }
}
