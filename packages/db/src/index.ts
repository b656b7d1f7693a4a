export type { DbLogger, SqlClient, SqlExecutor, SqlRow } from './sql.ts';
export { silentLogger } from './sql.ts';
export { openDatabase } from './open-database.ts';
export type { OpenDatabaseOptions } from './open-database.ts';
export { migrate, migrationLabel } from './migrate.ts';
export type { MigrateOptions } from './migrate.ts';
export { migrations } from './migrations/index.ts';
export type { Migration } from './migrations/index.ts';
export { SqlDocumentStore } from './sql-document-store.ts';
export type { DocumentStats, DocumentUpdateRow, StoredDocumentRows } from './sql-document-store.ts';
export { IncidentRepository, isUuid } from './incident-repository.ts';
export type { CreateIncidentInput, IncidentPatch, IncidentRecord } from './incident-repository.ts';
export {
  DatabaseUnavailableError,
  IncidentExistsError,
  InvalidCompactionError,
  MigrationMismatchError,
  SchemaTooNewError,
  isUniqueViolation,
  redactUrl,
  sqlState,
} from './errors.ts';
