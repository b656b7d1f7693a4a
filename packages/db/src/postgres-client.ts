import postgres from 'postgres';
import { BYTEA_OID, INT8_OID, decodeBytea, decodeInt8, encodeBytea, encodeInt8 } from './codecs.ts';
import { DatabaseUnavailableError, redactUrl, sqlState } from './errors.ts';
import type { DbLogger, SqlClient, SqlExecutor, SqlRow } from './sql.ts';

export interface PostgresClientOptions {
  /** Connections in the pool. */
  poolSize?: number;
  connectTimeoutSeconds?: number;
  logger: DbLogger;
}

type Sql = postgres.Sql<Record<string, postgres.PostgresType>>;
type Executor = Pick<Sql, 'unsafe' | 'array'>;

/** postgres.js would give int8 as a string and bytea as a Buffer; the SqlClient contract promises otherwise. */
const types: Record<string, postgres.PostgresType> = {
  int8: { to: INT8_OID, from: [INT8_OID], serialize: encodeInt8, parse: decodeInt8 },
  bytea: { to: BYTEA_OID, from: [BYTEA_OID], serialize: encodeBytea, parse: decodeBytea },
};

/** Error codes postgres.js and Node use when the server cannot be reached or the connection dropped. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
]);

function isConnectionError(error: unknown): boolean {
  const state = sqlState(error);
  // 08: connection exception; 57P01-57P03: server shutting down or starting; 28: authentication; 3D000: no
  // database; 53300: too many connections.
  if (state) {
    return (
      state.startsWith('08') ||
      state.startsWith('28') ||
      /^57P0[123]$/.test(state) ||
      ['3D000', '53300'].includes(state)
    );
  }
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

/** SqlClient over a postgres.js connection pool. */
export class PostgresClient implements SqlClient {
  readonly driver = 'postgres';
  readonly #sql: Sql;
  readonly #target: string;
  #closed = false;

  private constructor(sql: Sql, target: string) {
    this.#sql = sql;
    this.#target = target;
  }

  /** Connects and checks the server answers, so a bad DATABASE_URL fails at start-up rather than at first use. */
  static async connect(databaseUrl: string, options: PostgresClientOptions): Promise<PostgresClient> {
    const target = redactUrl(databaseUrl);
    const { logger } = options;
    const sql: Sql = postgres(databaseUrl, {
      max: options.poolSize ?? 10,
      connect_timeout: options.connectTimeoutSeconds ?? 10,
      types,
      onnotice: (notice) => logger.debug({ notice: notice.message, code: notice.code }, 'postgres notice'),
    });
    const client = new PostgresClient(sql, target);
    try {
      await sql.unsafe('select 1');
    } catch (error) {
      await sql.end({ timeout: 0 });
      throw new DatabaseUnavailableError(target, describe(error), { cause: error });
    }
    logger.info({ driver: 'postgres', url: target, poolSize: options.poolSize ?? 10 }, 'database connected');
    return client;
  }

  query<Row extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.#guard(() => runQuery<Row>(this.#sql, text, params));
  }

  exec(script: string): Promise<void> {
    return this.#guard(() => runScript(this.#sql, script));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#guard(async () => {
      const result = await this.#sql.begin((tx) =>
        fn({
          query: <Row extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]) =>
            runQuery<Row>(tx, text, params),
          exec: (script: string) => runScript(tx, script),
        }),
      );
      return result as T;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#sql.end({ timeout: 5 });
  }

  async #guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isConnectionError(error)) throw new DatabaseUnavailableError(this.#target, describe(error), { cause: error });
      throw error;
    }
  }
}

async function runQuery<Row extends SqlRow>(
  sql: Executor,
  text: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  const bound = params.map((value) => {
    if (value === undefined) return null;
    // postgres.js infers a parameter's type from the JS value, and for an array from its first element (so an array
    // of Uint8Array would be sent as one bytea); sql.array binds it as the matching array type.
    if (Array.isArray(value)) return sql.array(value);
    return value;
  });
  // unsafe() defaults to unprepared statements, which cost postgres.js an extra describe round trip per call. Our
  // statements are a small fixed set of texts, so each connection's prepared-statement cache stays small.
  const rows = await sql.unsafe(text, bound as postgres.ParameterOrJSON<never>[], { prepare: bound.length > 0 });
  // A plain array, not postgres.js's Result subclass, so both drivers return the same shape.
  return Array.from(rows) as unknown as Row[];
}

async function runScript(sql: Executor, script: string): Promise<void> {
  // Without parameters postgres.js uses the simple protocol, which accepts several statements.
  await sql.unsafe(script);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
