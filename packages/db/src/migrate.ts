import { MigrationMismatchError, SchemaTooNewError } from './errors.ts';
import { migrations as builtInMigrations } from './migrations/index.ts';
import type { Migration } from './migrations/index.ts';
import { silentLogger } from './sql.ts';
import type { DbLogger, SqlClient, SqlExecutor } from './sql.ts';

export interface MigrateOptions {
  /** Defaults to this build's migrations; tests pass their own lists. */
  migrations?: readonly Migration[];
  logger?: DbLogger;
}

/**
 * Several processes may start at once against one PostgreSQL database. Every migration transaction first takes this
 * transaction-scoped advisory lock, so exactly one of them creates the table and applies each migration while the
 * others wait and then find it recorded.
 */
const LOCK_SQL = `select pg_advisory_xact_lock(hashtextextended('parallax.schema_migrations', 0))`;

export function migrationLabel(migration: Pick<Migration, 'id' | 'name'>): string {
  return `${String(migration.id).padStart(4, '0')}_${migration.name}`;
}

/**
 * Applies the pending migrations in order, each in its own transaction, and records them in schema_migrations.
 * Refuses (SchemaTooNewError) when the database holds a migration this build does not know.
 */
export async function migrate(sql: SqlClient, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const list = options.migrations ?? builtInMigrations;
  const logger = options.logger ?? silentLogger;
  checkList(list);

  await sql.transaction(async (tx) => {
    await tx.query(LOCK_SQL);
    await tx.exec(`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`);
    checkRecorded(list, await recorded(tx));
  });

  const applied: string[] = [];
  for (const migration of list) {
    const didApply = await sql.transaction(async (tx) => {
      await tx.query(LOCK_SQL);
      const done = await recorded(tx);
      // Another process may have migrated between our check and this lock.
      checkRecorded(list, done);
      if (done.has(migration.id)) return false;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.id, migration.name]);
      return true;
    });
    if (didApply) {
      applied.push(migrationLabel(migration));
      logger.info({ migration: migrationLabel(migration) }, 'migration applied');
    }
  }
  return { applied };
}

async function recorded(tx: SqlExecutor): Promise<Map<number, string>> {
  const rows = await tx.query<{ version: number; name: string }>(
    'select version, name from schema_migrations order by version',
  );
  return new Map(rows.map((row) => [row.version, row.name]));
}

function checkList(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    const previous = list[index - 1];
    if (!Number.isSafeInteger(migration.id) || migration.id < 1 || (previous && migration.id <= previous.id)) {
      throw new MigrationMismatchError(
        `Migration ${migrationLabel(migration)} is out of order: ids must be positive integers in ascending order`,
      );
    }
  });
}

function checkRecorded(list: readonly Migration[], done: Map<number, string>): void {
  const known = new Map(list.map((migration) => [migration.id, migration]));
  const unknown: string[] = [];
  for (const [version, name] of done) {
    const migration = known.get(version);
    if (!migration) unknown.push(migrationLabel({ id: version, name }));
    else if (migration.name !== name) {
      throw new MigrationMismatchError(
        `Migration ${version} is recorded as "${name}" but this build calls it "${migration.name}"`,
      );
    }
  }
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
}
