import { CloseCode, type SyncServer } from '@parallax/sync';

/**
 * Access is checked when a socket opens; these close the sockets whose access has just changed, so nobody keeps
 * writing (or reading) with a role they no longer have. Only this process's sockets: with several processes the
 * change must also be fanned out (not built yet, see the README).
 */
export class SocketRevoker {
  readonly #sync: SyncServer;

  constructor(sync: SyncServer) {
    this.#sync = sync;
  }

  /** Sessions that ended (logout, password change elsewhere): their sockets close for good (4401). */
  sessionsEnded(sessionIds: readonly string[]): number {
    if (sessionIds.length === 0) return 0;
    const ended = new Set(sessionIds);
    return this.#sync.closeConnectionsInAllDocuments(
      (context) => context.sessionId !== undefined && ended.has(context.sessionId),
      CloseCode.UNAUTHORIZED,
      'session ended',
    );
  }

  /**
   * Sockets that must reconnect to be checked again (4409): a member's role changed or they were removed, or a
   * session was replaced by a new one (password change). The client reconnects and the upgrade decides afresh.
   */
  recheck(incidentId: string | null, matches: (user: { userId: string; sessionId?: string }) => boolean): number {
    const predicate = (context: { userId: string; sessionId?: string }) => matches(context);
    const reason = 'access changed: reconnect';
    return incidentId === null
      ? this.#sync.closeConnectionsInAllDocuments(predicate, CloseCode.MEMBERSHIP_CHANGED, reason)
      : this.#sync.closeConnections(incidentId, predicate, CloseCode.MEMBERSHIP_CHANGED, reason);
  }
}
