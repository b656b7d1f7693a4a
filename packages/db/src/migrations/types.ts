/** One schema change. Kept as a TypeScript module so the server bundles without loose .sql files. */
export interface Migration {
  /** Version number; migrations apply in ascending order and each is recorded once in schema_migrations. */
  id: number;
  name: string;
  /** A script of one or more statements, run in one transaction. */
  sql: string;
}
