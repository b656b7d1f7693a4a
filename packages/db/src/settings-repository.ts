import type { SqlClient } from './sql.ts';

export const SIGNUP_MODES = ['open', 'invite-only'] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

export interface InstanceSettings {
  /** 'invite-only': a new account needs a valid invite link. */
  signupMode: SignupMode;
}

/** Instance-wide settings: one row, created by the migration. */
export class SettingsRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  async get(): Promise<InstanceSettings> {
    const [row] = await this.#sql.query<{ signup_mode: string }>('select signup_mode from instance_settings');
    if (!row) throw new Error('instance_settings has no row: the 0002_accounts migration has not run');
    return { signupMode: toSignupMode(row.signup_mode) };
  }

  async update(patch: Partial<InstanceSettings>, updatedBy: string | null): Promise<InstanceSettings> {
    const [row] = await this.#sql.query<{ signup_mode: string }>(
      `update instance_settings
       set signup_mode = coalesce($1, signup_mode), updated_at = now(), updated_by = $2
       returning signup_mode`,
      [patch.signupMode ?? null, updatedBy],
    );
    if (!row) throw new Error('instance_settings has no row: the 0002_accounts migration has not run');
    return { signupMode: toSignupMode(row.signup_mode) };
  }
}

function toSignupMode(value: string): SignupMode {
  if (value !== 'open' && value !== 'invite-only') throw new TypeError(`Unknown signup mode: ${value}`);
  return value;
}
