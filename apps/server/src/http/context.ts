import type {
  IncidentRecord,
  IncidentRepository,
  IncidentViewRepository,
  InviteRepository,
  MemberRepository,
  PreferenceRepository,
  Role,
  RoundRepository,
  SessionRecord,
  SettingsRepository,
  SnapshotRepository,
  SqlClient,
  UserRecord,
  UserRepository,
} from '@parallax/db';
import type { SyncServer } from '@parallax/sync';
import type { IncidentAccess } from '../auth/incident-access.ts';
import type { LoginLimiter } from '../auth/login-limiter.ts';
import type { OriginPolicy } from '../auth/origin.ts';
import type { PasswordHasher } from '../auth/passwords.ts';
import type { SessionManager } from '../auth/session-manager.ts';
import type { SocketRevoker } from '../auth/socket-revoker.ts';
import type { SnapshotService } from '../history/snapshot-service.ts';
import type { Logger } from '../logger.ts';

/** What every route handler can reach, wired once by the composition root (see services.ts). */
export interface Services {
  sql: SqlClient;
  incidents: IncidentRepository;
  users: UserRepository;
  members: MemberRepository;
  invites: InviteRepository;
  settings: SettingsRepository;
  preferences: PreferenceRepository;
  views: IncidentViewRepository;
  snapshots: SnapshotRepository;
  rounds: RoundRepository;
  /** Taking snapshots and opening rounds, diffs, restores and forks (the sync server and the rows together). */
  history: SnapshotService;
  sessions: SessionManager;
  passwords: PasswordHasher;
  loginLimiter: LoginLimiter;
  access: IncidentAccess;
  sockets: SocketRevoker;
  sync: SyncServer;
  logger: Logger;
  originPolicy: OriginPolicy;
}

/** Who a request's session cookie belongs to, if anyone. */
export interface RequestAuth {
  session: SessionRecord;
  user: UserRecord;
}

/** Variables every request has. `auth` is null without a valid session; requireUser() turns it into `user`. */
export interface AppEnv {
  Variables: {
    services: Services;
    auth: RequestAuth | null;
  };
}

/** After requireUser(): a signed-in request. */
export interface AuthedEnv {
  Variables: {
    session: SessionRecord;
    user: UserRecord;
  };
}

/** After incidentAccess(): the incident named in the path and what the caller may do with it. */
export interface IncidentEnv {
  Variables: {
    incident: IncidentRecord;
    role: Role;
    isMember: boolean;
  };
}
