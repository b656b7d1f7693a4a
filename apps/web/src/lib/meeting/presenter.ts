/**
 * Who is presenting. The projection page adds `meeting: { presenting: true, since }` to its awareness state; the
 * server binds every state's `user` (id, name, role) to the account, so a presenter's role can be trusted even
 * though the flag itself comes from their browser. Only owners and facilitators lead a meeting.
 */
import { readPeer, type Peer } from '../sync/presence-peers.ts';

export const MEETING_FIELD = 'meeting';

export interface MeetingState {
  presenting: true;
  /** When the meeting started (ISO), for the summary of what was captured since. */
  since: string;
}

export interface Presenter extends Peer {
  since: string;
}

const LEADING_ROLES: ReadonlySet<string> = new Set(['owner', 'facilitator']);

export function canLead(role: string): boolean {
  return LEADING_ROLES.has(role);
}

export function readMeeting(state: unknown): MeetingState | null {
  if (typeof state !== 'object' || state === null) return null;
  const meeting = (state as Record<string, unknown>)[MEETING_FIELD];
  if (typeof meeting !== 'object' || meeting === null) return null;
  const { presenting, since } = meeting as Record<string, unknown>;
  if (presenting !== true) return null;
  return { presenting, since: typeof since === 'string' && !Number.isNaN(Date.parse(since)) ? since : '' };
}

/**
 * Everyone else presenting this incident now, most recent meeting first. One entry per projection tab: its own
 * focus is what the room sees, whatever the same person does in another tab.
 */
export function presentersFrom(states: ReadonlyMap<number, unknown>, selfUserId: string): Presenter[] {
  const presenters: Presenter[] = [];
  for (const [clientId, state] of states) {
    const meeting = readMeeting(state);
    if (!meeting) continue;
    const peer = readPeer(clientId, state);
    if (!peer || peer.userId === selfUserId || !canLead(peer.role)) continue;
    presenters.push({ ...peer, since: meeting.since });
  }
  return presenters.sort((a, b) => b.since.localeCompare(a.since) || a.clientId - b.clientId);
}
