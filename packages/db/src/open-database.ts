import { PgliteClient } from './pglite-client.ts';
import { PostgresClient } from './postgres-client.ts';
import { silentLogger } from './sql.ts';
import type { DbLogger, SqlClient } from './sql.ts';

export interface OpenDatabaseOptions {
  /** PostgreSQL server to use. When absent, an embedded PGlite database in dataDir is used. */
  databaseUrl?: string;
  /** PGlite data directory, created when missing (`memory://` for a throwaway in-memory database). */
  dataDir?: string;
  /** PostgreSQL connection pool size. */
  poolSize?: number;
  connectTimeoutSeconds?: number;
  logger?: DbLogger;
}

/**
 * Opens the database: postgres.js when a URL is given, else PGlite. Throws DatabaseUnavailableError (with the
 * password redacted) when the server cannot be reached or the data directory cannot be opened.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<SqlClient> {
  const logger = options.logger ?? silentLogger;
  if (options.databaseUrl) {
    return PostgresClient.connect(options.databaseUrl, {
      poolSize: options.poolSize,
      connectTimeoutSeconds: options.connectTimeoutSeconds,
      logger,
    });
  }
  if (!options.dataDir) throw new TypeError('openDatabase needs a databaseUrl or a dataDir');
  return PgliteClient.open(options.dataDir, logger);
}
