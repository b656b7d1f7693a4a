/**
 * Typed errors raised at the edge of the database layer, so the server can map them to responses and health states
 * without knowing which driver produced them.
 */

/** The database cannot be reached or opened. The message never contains a password. */
export class DatabaseUnavailableError extends Error {
  constructor(
    /** Redacted connection URL, or the PGlite data directory. */
    readonly target: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Database unavailable at ${target}: ${reason}`, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** The database was migrated by a newer build (or a different product) than this code knows. */
export class SchemaTooNewError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      `The database has migrations this build of Parallax does not know (${unknownMigrations.join(', ')}). ` +
        'It was migrated by a newer version: upgrade Parallax, or point it at the right database.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** A recorded migration does not match the migration with the same version in this build. */
export class MigrationMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationMismatchError';
  }
}

/** A compaction asked to cover updates that were never appended; accepting it would hide future appends. */
export class InvalidCompactionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCompactionError';
  }
}

/** An incident with this id exists already. */
export class IncidentExistsError extends Error {
  constructor(
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super(`An incident with id ${id} already exists`, options);
    this.name = 'IncidentExistsError';
  }
}

/** Hides the password of a connection URL so it can be logged and shown in errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a parseable URL: strip anything between '//' and '@' that looks like credentials.
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}

/** The SQLSTATE of a database error from either driver (both expose it as `code`), if any. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}

/** An account with this (normalised) email exists already. */
export class EmailTakenError extends Error {
  constructor(
    readonly email: string,
    options?: { cause?: unknown },
  ) {
    super(`An account with the email ${email} already exists`, options);
    this.name = 'EmailTakenError';
  }
}

/** The change would leave an incident without an owner, so nobody could manage its members any more. */
export class LastOwnerError extends Error {
  constructor(readonly incidentId: string) {
    super('An incident must keep at least one owner: make someone else owner first');
    this.name = 'LastOwnerError';
  }
}
