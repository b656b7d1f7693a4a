/**
 * Per-incident roles, weakest first. Each role can do everything the ones before it can: a viewer reads, an editor
 * writes the document, a facilitator also runs the review (invites editors and viewers), an owner manages members.
 */
export const ROLES = ['viewer', 'editor', 'facilitator', 'owner'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` grants at least what `minimum` does. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** The stronger of two roles; accepting an invite uses it so a member is never downgraded. */
export function strongerRole(a: Role, b: Role): Role {
  return roleAtLeast(a, b) ? a : b;
}

/** A role read back from the database, where a check constraint already guarantees it is one of ROLES. */
export function toRole(value: string): Role {
  if (!isRole(value)) throw new TypeError(`Unknown role in the database: ${value}`);
  return value;
}
