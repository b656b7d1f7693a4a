import { roleAtLeast, type IncidentRecord, type IncidentRepository, type Role } from '@parallax/db';

export interface IncidentAccessGrant {
  incident: IncidentRecord;
  /** The effective role: the membership's, or 'viewer' for anyone signed in when the incident is open to them. */
  role: Role;
  isMember: boolean;
}

/**
 * The one place that decides what a user may do with an incident, used by the HTTP routes and the websocket upgrade
 * alike so the two can never disagree.
 */
export class IncidentAccess {
  readonly #incidents: IncidentRepository;

  constructor(incidents: IncidentRepository) {
    this.#incidents = incidents;
  }

  /**
   * Null when the user may not know the incident exists: there is no such incident, or it is private and they are
   * not a member. Both look the same to the caller on purpose.
   */
  async resolve(incidentId: string, userId: string): Promise<IncidentAccessGrant | null> {
    const found = await this.#incidents.getForUser(incidentId, userId);
    if (!found) return null;
    if (found.memberRole) return { incident: found.incident, role: found.memberRole, isMember: true };
    if (found.incident.organisationCanView) return { incident: found.incident, role: 'viewer', isMember: false };
    return null;
  }
}

/** Whether a role may change the incident's document (sync writes, metadata). */
export function canWrite(role: Role): boolean {
  return roleAtLeast(role, 'editor');
}
