/**
 * Who has access to one incident, and the actions that change it, for the Share dialog. Every change goes to the
 * API first and the lists are updated from its answer, so the dialog never shows access the server did not grant.
 */
import { ApiError, type Api, type Invite, type Member, type Role } from '../api.ts';
import { roleLabel } from '../auth/roles.ts';
import { absoluteUrl } from '../links.ts';

/** How long a new invite link stays valid, in hours, as offered in the dialog. */
export const INVITE_EXPIRY_OPTIONS = [
  { hours: 24, label: '1 day' },
  { hours: 24 * 7, label: '7 days' },
  { hours: 24 * 30, label: '30 days' },
] as const;

export interface CreatedLink {
  inviteId: string;
  url: string;
  role: Role;
  expiresAt: string;
}

type SharingApi = Pick<
  Api,
  | 'listMembers'
  | 'addMember'
  | 'changeMemberRole'
  | 'removeMember'
  | 'listInvites'
  | 'createInvite'
  | 'revokeInvite'
  | 'updateIncident'
>;

export class SharingState {
  readonly #api: SharingApi;
  readonly #incidentId: string;
  readonly #origin: string;

  members = $state<Member[]>([]);
  invites = $state<Invite[]>([]);
  organisationCanView = $state(false);
  loaded = $state(false);
  /** The person may read the incident but not see who its members are. */
  membersHidden = $state(false);

  /** Errors, each shown next to the part of the dialog it is about. */
  loadError = $state<string | null>(null);
  memberError = $state<string | null>(null);
  inviteError = $state<string | null>(null);
  organisationError = $state<string | null>(null);
  /** What just happened, for the dialog's polite live region. */
  announcement = $state('');
  /** The link made last, shown until the dialog closes: its token is never shown again. */
  createdLink = $state<CreatedLink | null>(null);

  /** Owners first, then by name: who to ask for access is what most readers look for. */
  readonly sortedMembers = $derived(
    [...this.members].sort(
      (a, b) => Number(b.role === 'owner') - Number(a.role === 'owner') || a.name.localeCompare(b.name),
    ),
  );

  constructor(api: SharingApi, incidentId: string, organisationCanView: boolean, origin: string) {
    this.#api = api;
    this.#incidentId = incidentId;
    this.#origin = origin;
    this.organisationCanView = organisationCanView;
  }

  /** Forgets the last opening's messages and link: an invite token is shown once, right after it was made. */
  reset(): void {
    this.loaded = false;
    this.membersHidden = false;
    this.loadError = this.memberError = this.inviteError = this.organisationError = null;
    this.announcement = '';
    this.createdLink = null;
  }

  /** @param withInvites only owners and facilitators may list invite links. */
  async load(withInvites: boolean): Promise<void> {
    this.loadError = null;
    try {
      const [members, invites] = await Promise.all([
        this.#api.listMembers(this.#incidentId),
        withInvites ? this.#api.listInvites(this.#incidentId) : Promise.resolve([]),
      ]);
      this.members = members;
      this.invites = invites;
      this.loaded = true;
    } catch (cause) {
      // Someone reading because everyone signed in may view is not a member, and may not list the members.
      if (cause instanceof ApiError && cause.status === 403) this.membersHidden = true;
      else this.loadError = messageOf(cause);
    }
  }

  /** Resolves true when the person was added, so the form can clear itself. */
  async addMember(email: string, role: Role): Promise<boolean> {
    this.memberError = null;
    try {
      const member = await this.#api.addMember(this.#incidentId, email, role);
      this.members = [...this.members.filter((m) => m.userId !== member.userId), member];
      this.announce(`${member.name} added as ${roleLabel(member.role).toLowerCase()}.`);
      return true;
    } catch (cause) {
      this.memberError = memberMessage(cause, email);
      return false;
    }
  }

  /** Resolves false when the server refused, so the role picker can go back to the role the member still has. */
  async changeRole(member: Member, role: Role): Promise<boolean> {
    this.memberError = null;
    try {
      const updated = await this.#api.changeMemberRole(this.#incidentId, member.userId, role);
      this.members = this.members.map((m) => (m.userId === updated.userId ? updated : m));
      this.announce(`${updated.name} is now ${roleLabel(updated.role).toLowerCase()}.`);
      return true;
    } catch (cause) {
      this.memberError = memberMessage(cause, member.email);
      return false;
    }
  }

  async removeMember(member: Member): Promise<void> {
    this.memberError = null;
    try {
      await this.#api.removeMember(this.#incidentId, member.userId);
      this.members = this.members.filter((m) => m.userId !== member.userId);
      this.announce(`${member.name} no longer has access.`);
    } catch (cause) {
      this.memberError = memberMessage(cause, member.email);
    }
  }

  async createInvite(role: Role, expiresInHours: number): Promise<void> {
    this.inviteError = null;
    try {
      const { invite, url } = await this.#api.createInvite(this.#incidentId, role, expiresInHours);
      this.invites = [...this.invites, invite];
      // The server may answer with a path; people paste the link into chat, so it must be absolute.
      this.createdLink = {
        inviteId: invite.id,
        url: absoluteUrl(url, this.#origin),
        role: invite.role,
        expiresAt: invite.expiresAt,
      };
      this.announce(`Invite link for a ${roleLabel(invite.role).toLowerCase()} created. Copy it and send it.`);
    } catch (cause) {
      this.inviteError = messageOf(cause);
    }
  }

  async revokeInvite(invite: Invite): Promise<void> {
    this.inviteError = null;
    try {
      await this.#api.revokeInvite(this.#incidentId, invite.id);
      this.invites = this.invites.filter((i) => i.id !== invite.id);
      if (this.createdLink?.inviteId === invite.id) this.createdLink = null;
      this.announce('Invite link revoked: it no longer works.');
    } catch (cause) {
      this.inviteError = messageOf(cause);
    }
  }

  async setOrganisationCanView(value: boolean): Promise<void> {
    this.organisationError = null;
    try {
      const incident = await this.#api.updateIncident(this.#incidentId, { organisationCanView: value });
      this.organisationCanView = incident.organisationCanView;
      this.announce(
        incident.organisationCanView
          ? 'Everyone signed in can now read this incident.'
          : 'Only members can read this incident now.',
      );
    } catch (cause) {
      this.organisationError = messageOf(cause);
    }
  }

  /** Says something in the dialog's polite live region (also used by the dialog for "Link copied"). */
  announce(message: string): void {
    this.announcement = message;
  }
}

function messageOf(cause: unknown): string {
  if (cause instanceof ApiError) return cause.message;
  throw cause;
}

/** The member errors people can act on, said in terms of what to do next. */
function memberMessage(cause: unknown, email: string): string {
  if (!(cause instanceof ApiError)) throw cause;
  if (cause.code === 'last_owner') {
    return 'An incident needs at least one owner. Make someone else an owner first.';
  }
  if (cause.code === 'user_not_found' || (cause.status === 404 && cause.code !== 'not_found')) {
    return `There is no Parallax account for ${email}. Create an invite link below and send it to them instead.`;
  }
  if (cause.code === 'already_member') return `${email} already has access. Change their role in the list above.`;
  return cause.message;
}
