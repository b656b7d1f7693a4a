/** One small SQL interface with two drivers (postgres and PGlite). Parameters use $1, $2… placeholders. */
export type SqlRow = Record<string, unknown>;

/**
 * Values come back the same from both drivers: bytea as a plain Uint8Array (never a Buffer), int8 as a JS number,
 * timestamptz as a Date. Parameters: a JS array binds as a PostgreSQL array (cast it, e.g. `$1::bytea[]`), and
 * undefined binds as null.
 */
export interface SqlExecutor {
  query<Row extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  /**
   * Runs fn in one transaction; commits when it resolves, rolls back when it throws. Inside fn use only `tx`: on
   * PGlite (a single connection) a query on the client itself waits for the transaction and would deadlock it.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly driver: 'postgres' | 'pglite';
}

/** The slice of a structured logger (pino fits) that the database layer uses. */
export interface DbLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export const silentLogger: DbLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
};
