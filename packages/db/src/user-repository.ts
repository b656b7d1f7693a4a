import { EmailTakenError, isUniqueViolation } from './errors.ts';
import { isUuid } from './incident-repository.ts';
import type { SqlClient } from './sql.ts';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  createdAt: string;
}

/** A user with the password hash, for the few places that check passwords. Never sent to a client. */
export interface UserCredentials {
  user: UserRecord;
  passwordHash: string;
}

export interface CreateUserInput {
  /** Already normalised (trimmed, lower-case). */
  email: string;
  name: string;
  passwordHash: string;
  /**
   * 'if-first': the account becomes the administrator when the instance has none yet (the first real signup).
   * false: never (the demo account).
   */
  admin: 'if-first' | false;
}

type UserRow = {
  id: string;
  email: string;
  name: string;
  is_admin: boolean;
  created_at: Date;
  password_hash: string;
};

const COLUMNS = 'id, email, name, is_admin, created_at, password_hash';

/**
 * Serialises account creation, so two signups racing on a fresh instance cannot both see "no administrator yet".
 * Transaction-scoped: released at commit.
 */
const SIGNUP_LOCK_SQL = `select pg_advisory_xact_lock(hashtextextended('parallax.signup', 0))`;

/** Accounts. Emails are stored normalised and are unique. */
export class UserRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  /** Throws EmailTakenError when the email is in use. */
  async create(input: CreateUserInput): Promise<UserRecord> {
    try {
      return await this.#sql.transaction(async (tx) => {
        await tx.query(SIGNUP_LOCK_SQL);
        const [row] = await tx.query<UserRow>(
          `insert into users (email, name, password_hash, is_admin)
           values ($1, $2, $3, $4::boolean and not exists (select 1 from users where is_admin))
           returning ${COLUMNS}`,
          [input.email, input.name, input.passwordHash, input.admin === 'if-first'],
        );
        if (!row) throw new Error('Insert into users returned no row');
        return toRecord(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError(input.email, { cause: error });
      throw error;
    }
  }

  async get(id: string): Promise<UserRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.#sql.query<UserRow>(`select ${COLUMNS} from users where id = $1`, [id]);
    return row && toRecord(row);
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    return (await this.findCredentials(email))?.user;
  }

  /** The account and its password hash, for login; undefined when no account has this (normalised) email. */
  async findCredentials(email: string): Promise<UserCredentials | undefined> {
    const [row] = await this.#sql.query<UserRow>(`select ${COLUMNS} from users where email = $1`, [email]);
    return row && { user: toRecord(row), passwordHash: row.password_hash };
  }

  async credentialsById(id: string): Promise<UserCredentials | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.#sql.query<UserRow>(`select ${COLUMNS} from users where id = $1`, [id]);
    return row && { user: toRecord(row), passwordHash: row.password_hash };
  }

  /** False when there is no such user. */
  async setPasswordHash(id: string, passwordHash: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.#sql.query(
      'update users set password_hash = $2, updated_at = now() where id = $1 returning id',
      [id, passwordHash],
    );
    return rows.length > 0;
  }
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.is_admin,
    createdAt: row.created_at.toISOString(),
  };
}
