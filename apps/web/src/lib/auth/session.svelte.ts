/**
 * Who is signed in, for every component under the root layout (provided there by context). The root layout's
 * load function asks the server (`GET /api/me`) and is the only place that decides between "signed in" and "go
 * to the sign-in page"; this class reads its answer and offers the actions that change it.
 */
import { createContext } from 'svelte';
import { goto, invalidate } from '$app/navigation';
import { resolve } from '$app/paths';
import { createApi, type Api, type SignUpInput, type User } from '$lib/api.ts';
import { forgetOfflineCopies } from '$lib/sync/offline-copies.ts';
import { safeNextPath, SESSION_DEPENDENCY } from './navigation.ts';

export class AuthSession {
  readonly #source: () => User | null;

  /** The signed-in person, or null on the public pages when nobody is. */
  readonly user: User | null = $derived.by(() => this.#source());

  /**
   * The API for event handlers. A 401 from any call means the session ended (expired, signed out in another tab,
   * revoked): the layout's load re-runs, finds no session and sends the person to sign in, back to this page after.
   */
  readonly api: Api;

  /** @param source the root layout's `data.user`, read through a function so it stays live. */
  constructor(source: () => User | null) {
    this.#source = source;
    this.api = createApi(location.origin, { onUnauthenticated: () => void this.recheck() });
  }

  /** The signed-in person on pages the layout guards; those never render without one. */
  get signedInUser(): User {
    const user = this.user;
    if (!user) throw new Error('This page needs a signed-in user; the root layout should have redirected.');
    return user;
  }

  /** Asks the server again who is signed in (and redirects to sign in if nobody is). */
  recheck(): Promise<void> {
    return invalidate(SESSION_DEPENDENCY);
  }

  /** Throws ApiError (invalid_credentials, too_many_attempts…) for the form to show. */
  async signIn(email: string, password: string, next: string | null): Promise<void> {
    await this.api.signIn(email, password);
    await goto(resolve(safeNextPath(next)), { invalidateAll: true });
  }

  /**
   * Throws ApiError (signup_closed, invalid_input with per-field messages…) for the form to show. Signing up with
   * an invite accepts it on the server; accepting again (it is idempotent) names the incident to open.
   */
  async signUp(input: SignUpInput, next: string | null): Promise<void> {
    await this.api.signUp(input);
    if (input.inviteToken) {
      const { incidentId } = await this.api.acceptInvite(input.inviteToken);
      await goto(resolve('/incidents/[id]', { id: incidentId }), { invalidateAll: true });
      return;
    }
    await goto(resolve(safeNextPath(next)), { invalidateAll: true });
  }

  async signOut(): Promise<void> {
    const userId = this.user?.id;
    await this.api.signOut();
    await goto(resolve('/signin'), { invalidateAll: true });
    // After leaving the page, whose open incident holds its offline copy open.
    if (userId) await forgetOfflineCopies(userId);
  }
}

export const [getAuthSession, setAuthSession] = createContext<AuthSession>();
