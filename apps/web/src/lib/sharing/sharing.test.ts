import { describe, expect, it } from 'vitest';
import { ApiError, type Api, type Invite, type Member } from '../api.ts';
import { SharingState } from './sharing.svelte.ts';

const owner: Member = { userId: 'u-1', email: 'olivia@example.test', name: 'Olivia', role: 'owner', addedAt: '' };
const viewer: Member = { userId: 'u-2', email: 'victor@example.test', name: 'Victor', role: 'viewer', addedAt: '' };
const invite: Invite = { id: 'i-1', role: 'viewer', expiresAt: '2030-01-01T00:00:00.000Z', createdBy: 'u-1' };

type SharingApi = ConstructorParameters<typeof SharingState>[0];

/** An API whose every call fails with `error` unless the test gives an answer for it. */
function fakeApi(answers: Partial<SharingApi>, error = new ApiError(500, 'internal_error', 'boom')): SharingApi {
  const fail = async () => {
    throw error;
  };
  return {
    listMembers: fail,
    addMember: fail,
    changeMemberRole: fail,
    removeMember: fail,
    listInvites: fail,
    createInvite: fail,
    revokeInvite: fail,
    updateIncident: fail,
    ...answers,
  } as SharingApi;
}

function sharingWith(api: Partial<Api>, error?: ApiError) {
  return new SharingState(fakeApi(api, error), 'incident-1', false, 'https://parallax.example');
}

describe('the Share dialog state', () => {
  it('lists owners first, then by name', async () => {
    const zed: Member = { ...viewer, userId: 'u-3', name: 'Zed', role: 'editor' };
    const sharing = sharingWith({ listMembers: async () => [zed, viewer, owner], listInvites: async () => [] });
    await sharing.load(true);
    expect(sharing.sortedMembers.map((m) => m.name)).toEqual(['Olivia', 'Victor', 'Zed']);
  });

  it('explains that organisation-wide readers may not see the members, rather than failing', async () => {
    const sharing = sharingWith({}, new ApiError(403, 'forbidden', 'Only members…'));
    await sharing.load(false);
    expect(sharing.membersHidden).toBe(true);
    expect(sharing.loadError).toBeNull();
  });

  it('says what to do about an address without an account, and about the last owner', async () => {
    const noAccount = sharingWith({}, new ApiError(404, 'user_not_found', 'Nobody…'));
    expect(await noAccount.addMember('ana@example.test', 'editor')).toBe(false);
    expect(noAccount.memberError).toContain('no Parallax account for ana@example.test');

    const lastOwner = sharingWith({}, new ApiError(409, 'last_owner', 'last owner'));
    expect(await lastOwner.changeRole(owner, 'editor')).toBe(false);
    expect(lastOwner.memberError).toContain('at least one owner');
  });

  it('shows a new invite link once, absolute, and forgets it when revoked', async () => {
    const sharing = sharingWith({
      createInvite: async () => ({ invite, token: 'tok', url: '/invites/tok' }),
      revokeInvite: async () => undefined,
    });
    await sharing.createInvite('viewer', 24);
    expect(sharing.createdLink?.url).toBe('https://parallax.example/invites/tok');
    expect(sharing.invites).toEqual([invite]);
    await sharing.revokeInvite(invite);
    expect(sharing.createdLink).toBeNull();
    expect(sharing.invites).toEqual([]);
  });

  it('lets bugs surface instead of showing them as a message', async () => {
    const sharing = sharingWith({
      addMember: async () => {
        throw new TypeError('bug');
      },
    });
    await expect(sharing.addMember('a@example.test', 'viewer')).rejects.toThrow(TypeError);
  });
});
