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
export type {
  CreateIncidentInput,
  IncidentPatch,
  IncidentRecord,
  IncidentWithMembership,
} from './incident-repository.ts';
export { UserRepository } from './user-repository.ts';
export type { CreateUserInput, UserCredentials, UserRecord } from './user-repository.ts';
export { SessionRepository } from './session-repository.ts';
export type { SessionRecord, SessionWithUser } from './session-repository.ts';
export { MemberRepository } from './member-repository.ts';
export type { MemberRecord } from './member-repository.ts';
export { InviteRepository, isActive as isInviteActive } from './invite-repository.ts';
export type { AcceptInviteResult, CreateInviteInput, InviteRecord, InviteWithIncident } from './invite-repository.ts';
export { SettingsRepository, SIGNUP_MODES } from './settings-repository.ts';
export type { InstanceSettings, SignupMode } from './settings-repository.ts';
export { LoginAttemptRepository } from './login-attempt-repository.ts';
export { DEFAULT_PREFERENCES, PreferenceRepository, THEMES, TIME_ZONE_MODES } from './preference-repository.ts';
export type { Theme, TimeZoneMode, UserPreferences } from './preference-repository.ts';
export { IncidentViewRepository } from './incident-view-repository.ts';
export type { AttemptWindow } from './login-attempt-repository.ts';
export { SNAPSHOT_KINDS, SnapshotRepository, insertSnapshot, toJsonbText } from './snapshot-repository.ts';
export type { NewSnapshot, SnapshotKind, SnapshotRecord } from './snapshot-repository.ts';
export { FEEDBACK_ITEM_TYPES, FEEDBACK_KINDS, ROUND_STATUSES, RoundRepository } from './round-repository.ts';
export type {
  AddFeedbackResult,
  FeedbackItemType,
  FeedbackKind,
  FeedbackRecord,
  NewFeedback,
  OpenRoundInput,
  ReviewRecord,
  RoundRecord,
  RoundStatus,
  RoundSummary,
} from './round-repository.ts';
export { ROLES, isRole, roleAtLeast, strongerRole } from './roles.ts';
export type { Role } from './roles.ts';
export {
  DatabaseUnavailableError,
  EmailTakenError,
  IncidentExistsError,
  InvalidCompactionError,
  LastOwnerError,
  MigrationMismatchError,
  SchemaTooNewError,
  isUniqueViolation,
  redactUrl,
  sqlState,
} from './errors.ts';
