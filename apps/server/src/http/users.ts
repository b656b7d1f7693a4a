import type { UserRecord } from '@parallax/db';

/** A user as the API shows them to themselves. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

export function publicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin };
}
