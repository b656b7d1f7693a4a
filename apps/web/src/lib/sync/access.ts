import { ApiError, type Api, type Role } from '../api.ts';

/** What the API says about one person and one incident, right now. */
export type AccessCheck =
  | { status: 'allowed'; role: Role }
  | { status: 'denied'; message: string }
  /** The session ended; the API client has already started sending the person to the sign-in page. */
  | { status: 'signed-out' }
  /** The API could not be asked (offline, server down). */
  | { status: 'unknown' };

/** Asks `GET /api/incidents/:id`, the same question the page load asked, and reads the answer as access. */
export function accessChecker(api: Pick<Api, 'getIncident'>, incidentId: string): () => Promise<AccessCheck> {
  return async () => {
    try {
      const { role } = await api.getIncident(incidentId);
      return { status: 'allowed', role };
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      // The API answers 404 rather than 403 to someone who is no longer a member of a private incident, so that
      // nobody learns which incidents exist; to this person both mean the same thing.
      if (cause.status === 403 || cause.status === 404) {
        return {
          status: 'denied',
          message: 'An owner of this incident removed your access, or the incident was deleted.',
        };
      }
      if (cause.status === 401) return { status: 'signed-out' };
      return { status: 'unknown' };
    }
  };
}
