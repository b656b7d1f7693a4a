import { describe, expect, it } from 'vitest';
import { peersFrom, readPeer } from './presence-peers.ts';

const state = (userId: string, name: string, extra: Record<string, unknown> = {}) => ({
  user: { id: userId, name, role: 'editor', color: '#1f6fc5' },
  ...extra,
});

describe('presence', () => {
  it('reads the server-stamped user, the colour and where they are', () => {
    expect(readPeer(7, state('u2', 'Bob', { editing: 'e1', focus: 'e1' }))).toEqual({
      clientId: 7,
      userId: 'u2',
      name: 'Bob',
      role: 'editor',
      color: '#1f6fc5',
      editing: 'e1',
      focus: 'e1',
    });
  });

  it('ignores states without a user, and colours that are not plain hex', () => {
    expect(readPeer(1, null)).toBeNull();
    expect(readPeer(1, { cursor: {} })).toBeNull();
    const sneaky = readPeer(1, { user: { id: 'u3', name: 'Eve', color: 'red; background: url(x)' } });
    expect(sneaky?.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('lists everyone else once, by name, preferring the tab where they are active', () => {
    const states = new Map<number, unknown>([
      [1, state('me', 'Me')],
      [2, state('u2', 'Zoe')],
      [3, state('u3', 'Bob', { focus: 'e4' })],
      [4, state('u3', 'Bob')],
      [5, state('me', 'Me in another tab')],
      [6, {}],
    ]);
    const peers = peersFrom(states, 1, 'me');
    expect(peers.map((peer) => [peer.name, peer.clientId])).toEqual([
      ['Bob', 3],
      ['Zoe', 2],
    ]);
  });

  it('follows a facilitator where they present, not in the tab where they edit', () => {
    const states = new Map<number, unknown>([
      [1, state('me', 'Me')],
      [2, state('f', 'Fay', { focus: 'e9', meeting: { presenting: true, since: 1 } })],
      [3, state('f', 'Fay', { editing: 'e2', focus: 'e2' })],
    ]);
    expect(peersFrom(states, 1, 'me').map((peer) => [peer.clientId, peer.focus])).toEqual([[2, 'e9']]);
  });
});
