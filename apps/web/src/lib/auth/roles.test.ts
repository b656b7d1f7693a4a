import { describe, expect, it } from 'vitest';
import { canEdit, canManageMembers, invitableRoles, ROLES } from './roles.ts';

describe('what each role is offered', () => {
  it('lets everyone but viewers edit', () => {
    expect(ROLES.filter(canEdit)).toEqual(['owner', 'facilitator', 'editor']);
  });

  it('leaves membership to owners', () => {
    expect(ROLES.filter(canManageMembers)).toEqual(['owner']);
  });

  it('never lets an invite link grant more than its creator may hand out', () => {
    expect(invitableRoles('owner')).toEqual(ROLES);
    expect(invitableRoles('facilitator')).toEqual(['editor', 'viewer']);
    expect(invitableRoles('editor')).toEqual([]);
    expect(invitableRoles('viewer')).toEqual([]);
  });
});
