import {
  IncidentRepository,
  IncidentViewRepository,
  InviteRepository,
  LoginAttemptRepository,
  MemberRepository,
  PreferenceRepository,
  RoundRepository,
  SessionRepository,
  SettingsRepository,
  SnapshotRepository,
  UserRepository,
  type SqlClient,
} from '@parallax/db';
import type { SyncServer } from '@parallax/sync';
import { IncidentAccess } from './auth/incident-access.ts';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from './auth/login-limiter.ts';
import type { OriginPolicy } from './auth/origin.ts';
import { DEFAULT_PASSWORD_HASHING, PasswordHasher, type PasswordHashingOptions } from './auth/passwords.ts';
import { SessionManager } from './auth/session-manager.ts';
import { SocketRevoker } from './auth/socket-revoker.ts';
import { SnapshotService } from './history/snapshot-service.ts';
import type { Services } from './http/context.ts';
import type { Logger } from './logger.ts';

export interface ServiceOptions {
  sql: SqlClient;
  sync: SyncServer;
  logger: Logger;
  originPolicy: OriginPolicy;
  /** Tests use cheap parameters; the hashes are argon2id all the same. */
  passwordHashing?: PasswordHashingOptions;
  loginLimits?: LoginLimits;
}

/** Builds the repositories and auth services over one database; shared by the server and API-only tests. */
export function createServices(options: ServiceOptions): Services {
  const { sql, sync, logger, originPolicy } = options;
  const incidents = new IncidentRepository(sql);
  const snapshots = new SnapshotRepository(sql);
  const rounds = new RoundRepository(sql);
  return {
    sql,
    sync,
    logger,
    originPolicy,
    incidents,
    users: new UserRepository(sql),
    members: new MemberRepository(sql),
    invites: new InviteRepository(sql),
    settings: new SettingsRepository(sql),
    preferences: new PreferenceRepository(sql),
    views: new IncidentViewRepository(sql),
    snapshots,
    rounds,
    history: new SnapshotService({ sync, snapshots, rounds, incidents }),
    sessions: new SessionManager(new SessionRepository(sql)),
    passwords: new PasswordHasher(options.passwordHashing ?? DEFAULT_PASSWORD_HASHING),
    loginLimiter: new LoginLimiter(new LoginAttemptRepository(sql), options.loginLimits ?? DEFAULT_LOGIN_LIMITS),
    access: new IncidentAccess(incidents),
    sockets: new SocketRevoker(sync),
  };
}
