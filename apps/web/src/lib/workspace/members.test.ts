import { describe, expect, it } from 'vitest';
import type { Member } from '../api.ts';
import { MemberDirectory } from './members.svelte.ts';

const member = (name: string) =>
  ({ userId: `id-${name}`, name, email: `${name}@example.test`, role: 'editor' }) as Member;

function directory({ online = true, canList = true } = {}) {
  const state = { online, now: 0, calls: 0, members: [member('Zoe'), member('Ada')] };
  const members = new MemberDirectory({
    fetch: async () => {
      state.calls += 1;
      return state.members;
    },
    canList: () => canList,
    online: () => state.online,
    now: () => state.now,
  });
  return { members, state };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the incident’s member directory', () => {
  it('loads once for every card that asks, sorted by name, and again only when it has grown old', async () => {
    const { members, state } = directory();
    members.load();
    members.load();
    await settled();
    expect(state.calls).toBe(1);
    expect(members.members.map((one) => one.name)).toEqual(['Ada', 'Zoe']);
    state.now = 10_000;
    members.load();
    await settled();
    expect(state.calls).toBe(1);
    state.now = 20_000;
    state.members = [...state.members, member('Bea')];
    members.load();
    await settled();
    expect(members.members.map((one) => one.name)).toEqual(['Ada', 'Bea', 'Zoe']);
  });

  it('does not ask while offline, and loads when the network is back', async () => {
    const { members, state } = directory({ online: false });
    members.load();
    await settled();
    expect(state.calls).toBe(0);
    expect(members.state).toBe('idle');
    state.online = true;
    members.reconnected();
    await settled();
    expect(members.state).toBe('ready');
    expect(state.calls).toBe(1);
  });

  it('never asks for someone who may not list members, and says why a load failed', async () => {
    const refused = directory({ canList: false });
    refused.members.load();
    await settled();
    expect(refused.state.calls).toBe(0);

    const failing = new MemberDirectory({
      fetch: () => Promise.reject(new Error('Could not reach the Parallax server.')),
      canList: () => true,
      online: () => true,
    });
    failing.load();
    await settled();
    expect(failing.state).toBe('failed');
    expect(failing.error).toBe('Could not reach the Parallax server.');
  });
});
