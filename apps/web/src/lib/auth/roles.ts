/**
 * The per-incident roles as the UI talks about them. The server enforces every one of these rules; the UI only
 * uses them to offer what will work and to explain what will not.
 */
import type { Role } from '$lib/api.ts';

/** Strongest first, the order role pickers list them in. */
export const ROLES = ['owner', 'facilitator', 'editor', 'viewer'] as const satisfies readonly Role[];

const LABELS: Record<Role, string> = {
  owner: 'Owner',
  facilitator: 'Facilitator',
  editor: 'Editor',
  viewer: 'Viewer',
};

const DESCRIPTIONS: Record<Role, string> = {
  owner: 'Can edit, share, and change who has access',
  facilitator: 'Can edit and run review meetings and calibration rounds',
  editor: 'Can add and edit events',
  viewer: 'Can read the timeline as it changes, but not edit it',
};

export const roleLabel = (role: Role) => LABELS[role];
export const roleDescription = (role: Role) => DESCRIPTIONS[role];

/** Viewers read; everyone else writes to the timeline. */
export const canEdit = (role: Role) => role !== 'viewer';

/** Only owners change who is a member and whether everyone signed in may read. */
export const canManageMembers = (role: Role) => role === 'owner';

/**
 * The roles someone may hand out through invite links: owners any, facilitators (who run the review and bring
 * participants in) editors and viewers, everyone else none.
 */
export function invitableRoles(role: Role): readonly Role[] {
  if (role === 'owner') return ROLES;
  if (role === 'facilitator') return ['editor', 'viewer'];
  return [];
}
