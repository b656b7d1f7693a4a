import type { SqlClient } from './sql.ts';

export const TIME_ZONE_MODES = ['local', 'utc', 'reference'] as const;
export type TimeZoneMode = (typeof TIME_ZONE_MODES)[number];
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface UserPreferences {
  /** Which zone times are shown in: the browser's own, UTC, or the incident's reference zone. */
  timeZoneMode: TimeZoneMode;
  theme: Theme;
}

export const DEFAULT_PREFERENCES: UserPreferences = { timeZoneMode: 'local', theme: 'system' };

type PreferenceRow = { time_zone_mode: string; theme: string };

/** Each person's display preferences; a person who never chose has the defaults. */
export class PreferenceRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  async get(userId: string): Promise<UserPreferences> {
    const [row] = await this.#sql.query<PreferenceRow>(
      'select time_zone_mode, theme from user_preferences where user_id = $1',
      [userId],
    );
    return row ? toPreferences(row) : { ...DEFAULT_PREFERENCES };
  }

  /** Stores all of them (the API sends the whole set) and returns what is stored. */
  async put(userId: string, preferences: UserPreferences): Promise<UserPreferences> {
    const [row] = await this.#sql.query<PreferenceRow>(
      `insert into user_preferences (user_id, time_zone_mode, theme) values ($1, $2, $3)
       on conflict (user_id) do update
         set time_zone_mode = excluded.time_zone_mode, theme = excluded.theme, updated_at = now()
       returning time_zone_mode, theme`,
      [userId, preferences.timeZoneMode, preferences.theme],
    );
    if (!row) throw new Error('upsert into user_preferences returned no row');
    return toPreferences(row);
  }
}

function toPreferences(row: PreferenceRow): UserPreferences {
  const timeZoneMode = TIME_ZONE_MODES.find((mode) => mode === row.time_zone_mode);
  const theme = THEMES.find((value) => value === row.theme);
  if (!timeZoneMode || !theme) throw new TypeError(`Unknown preferences: ${row.time_zone_mode}, ${row.theme}`);
  return { timeZoneMode, theme };
}
