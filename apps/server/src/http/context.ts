import type { IncidentRepository, SqlClient } from '@parallax/db';
import type { SyncServer } from '@parallax/sync';
import type { Logger } from '../logger.ts';

/** Who is making the request. Accounts arrive with the access-control work; until then everyone is one guest. */
export interface RequestUser {
  id: string;
  name: string;
}

/** What every route handler can reach, wired once by the composition root. */
export interface Services {
  sql: SqlClient;
  incidents: IncidentRepository;
  sync: SyncServer;
  logger: Logger;
}

export interface AppEnv {
  Variables: {
    services: Services;
    user: RequestUser;
  };
}
