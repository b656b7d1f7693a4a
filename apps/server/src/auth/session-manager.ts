import type { SessionRecord, SessionRepository, UserRecord } from '@parallax/db';
import { generateToken, hashToken } from './tokens.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A session lives 30 days from its last renewal. */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;

export interface ValidatedSession {
  session: SessionRecord;
  user: UserRecord;
  /** The expiry moved forward: the caller re-sets the cookie so the browser keeps it as long as the server does. */
  renewed: boolean;
}

export interface NewSession {
  /** Goes into the cookie; never stored. */
  token: string;
  session: SessionRecord;
}

/**
 * Sessions as the Lucia guide ("sessions/basic") teaches them: a random token in the cookie, its SHA-256 as the
 * session id in the database, a 30-day expiry that slides forward (renewed once less than half of it is left, so an
 * active user is never signed out and the row is written at most once per 15 days, not on every request).
 */
export class SessionManager {
  readonly #sessions: SessionRepository;
  readonly #now: () => number;

  constructor(sessions: SessionRepository, options: { now?: () => number } = {}) {
    this.#sessions = sessions;
    this.#now = options.now ?? Date.now;
  }

  async create(userId: string): Promise<NewSession> {
    const token = generateToken();
    const session: SessionRecord = {
      id: hashToken(token),
      userId,
      expiresAt: new Date(this.#now() + SESSION_LIFETIME_MS),
    };
    await this.#sessions.create(session);
    return { token, session };
  }

  /** The session and its user, or null when the token is unknown or expired (an expired row is deleted). */
  async validate(token: string): Promise<ValidatedSession | null> {
    const found = await this.#sessions.findWithUser(hashToken(token));
    if (!found) return null;
    const { session, user } = found;
    const now = this.#now();
    if (now >= session.expiresAt.getTime()) {
      await this.#sessions.delete(session.id);
      return null;
    }
    if (session.expiresAt.getTime() - now < SESSION_LIFETIME_MS / 2) {
      const renewed = { ...session, expiresAt: new Date(now + SESSION_LIFETIME_MS) };
      await this.#sessions.setExpiry(session.id, renewed.expiresAt);
      return { session: renewed, user, renewed: true };
    }
    return { session, user, renewed: false };
  }

  async invalidate(sessionId: string): Promise<void> {
    await this.#sessions.delete(sessionId);
  }

  /** Housekeeping: removes sessions that can no longer be used. */
  pruneExpired(): Promise<number> {
    return this.#sessions.deleteExpired(new Date(this.#now()));
  }

  /** Ends every session of the user (but `except`); returns the ids ended. */
  invalidateAllForUser(userId: string, options: { except?: string } = {}): Promise<string[]> {
    return this.#sessions.deleteForUser(userId, options);
  }
}
