/** Reading other people's awareness states, which come from clients we do not control. */
import { colorForUser } from './colors.ts';

export interface Peer {
  clientId: number;
  userId: string;
  name: string;
  role: string;
  color: string;
  /** The event whose text or fields they have open. */
  editing: string | null;
  /** The event they have selected (keyboard focus or last click). */
  focus: string | null;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : null;
}

/** One awareness state as a peer, or null when it is not someone (no server-stamped user). */
export function readPeer(clientId: number, state: unknown): Peer | null {
  if (typeof state !== 'object' || state === null) return null;
  const record = state as Record<string, unknown>;
  const user =
    typeof record.user === 'object' && record.user !== null ? (record.user as Record<string, unknown>) : null;
  const userId = asString(user?.id);
  if (!user || !userId) return null;
  const color = asString(user.color);
  return {
    clientId,
    userId,
    name: asString(user.name) ?? 'Someone',
    role: asString(user.role) ?? 'viewer',
    // Colours from other clients end up in style attributes: plain hex only.
    color: color && /^#[0-9a-f]{6}$/i.test(color) ? color : colorForUser(userId),
    editing: asString(record.editing),
    focus: asString(record.focus),
  };
}

/**
 * Everyone but this person, one entry per person, sorted by name. Someone with several tabs open shows as the tab
 * where they are doing something (editing or focused), else the one that joined last.
 */
export function peersFrom(states: ReadonlyMap<number, unknown>, selfClientId: number, selfUserId: string): Peer[] {
  const byUser = new Map<string, Peer>();
  // A facilitator presenting in one tab and editing in another is followed where they present.
  const presenting = new Set<number>();
  for (const [clientId, state] of states) {
    const meeting = typeof state === 'object' && state !== null ? (state as { meeting?: unknown }).meeting : null;
    if (typeof meeting === 'object' && meeting !== null && (meeting as { presenting?: unknown }).presenting === true) {
      presenting.add(clientId);
    }
  }
  for (const [clientId, state] of states) {
    if (clientId === selfClientId) continue;
    const peer = readPeer(clientId, state);
    if (!peer || peer.userId === selfUserId) continue;
    const existing = byUser.get(peer.userId);
    if (existing && presenting.has(existing.clientId) && !presenting.has(clientId)) continue;
    if (existing && (existing.editing || existing.focus) && !(peer.editing || peer.focus)) continue;
    byUser.set(peer.userId, peer);
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}
