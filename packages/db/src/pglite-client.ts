import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import { BYTEA_OID, INT8_OID, decodeBytea, decodeInt8, encodeBytea, encodeInt8 } from './codecs.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { DatabaseUnavailableError } from './errors.ts';
import type { DbLogger, SqlClient, SqlExecutor, SqlRow } from './sql.ts';

type Queryable = Pick<Transaction, 'query' | 'exec'>;

/**
 * SqlClient over embedded PGlite: one connection in this process. PGlite itself runs every query and transaction
 * under one mutex (a query waits for an open transaction to finish), so concurrent callers are serialised without
 * further locking here.
 */
export class PgliteClient implements SqlClient {
  readonly driver = 'pglite';
  readonly #db: PGlite;
  readonly #unlock: () => Promise<void>;
  #closed = false;

  private constructor(db: PGlite, unlock: () => Promise<void>) {
    this.#db = db;
    this.#unlock = unlock;
  }

  /** Opens (creating on first use) the database in dataDir; `memory://` keeps it in memory only. */
  static async open(dataDir: string, logger: DbLogger): Promise<PgliteClient> {
    const inMemory = dataDir.startsWith('memory://');
    const target = inMemory ? dataDir : resolve(dataDir);
    let unlock: () => Promise<void> = async () => {};
    let db: PGlite;
    try {
      if (!inMemory) {
        await mkdir(target, { recursive: true });
        unlock = await lockDataDir(target);
      }
      db = await PGlite.create(target, {
        parsers: { [BYTEA_OID]: decodeBytea, [INT8_OID]: decodeInt8 },
        serializers: { [BYTEA_OID]: encodeBytea, [INT8_OID]: encodeInt8 },
      });
    } catch (error) {
      await unlock();
      throw new DatabaseUnavailableError(target, error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
    logger.info({ driver: 'pglite', dataDir: target }, 'database opened');
    return new PgliteClient(db, unlock);
  }

  query<Row extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    return runQuery<Row>(this.#db, text, params);
  }

  exec(script: string): Promise<void> {
    return runScript(this.#db, script);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#db.transaction((tx) =>
      fn({
        query: <Row extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]) =>
          runQuery<Row>(tx, text, params),
        exec: (script: string) => runScript(tx, script),
      }),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#db.close();
    } finally {
      await this.#unlock();
    }
  }
}

async function runQuery<Row extends SqlRow>(
  db: Queryable,
  text: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  const result = await db.query<Row>(
    text,
    params.map((value) => (value === undefined ? null : value)),
  );
  return result.rows;
}

async function runScript(db: Queryable, script: string): Promise<void> {
  await db.exec(script);
}
