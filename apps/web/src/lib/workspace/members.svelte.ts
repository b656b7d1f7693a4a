/**
 * The incident's members, for choosing who owns a question or an action item and whose perspective is written.
 * One list per open incident, shared by every panel and card: a panel can hold a hundred cards, and each asking the
 * API for the same list would be a hundred requests. Loaded when first needed, refreshed when used again after a
 * while (someone may have been invited meanwhile), and never asked for offline, where it could only fail.
 */
import { createContext } from 'svelte';
import type { Member } from '../api.ts';

export type MembersState = 'idle' | 'loading' | 'ready' | 'failed';

/** How old the list may be before using it again asks the server again. */
const FRESH_FOR_MS = 15_000;

export interface MemberDirectoryOptions {
  fetch: () => Promise<readonly Member[]>;
  /** Only members may list members: organisation-wide readers would get a refusal. */
  canList: () => boolean;
  online?: () => boolean;
  now?: () => number;
}

export class MemberDirectory {
  readonly #fetch: () => Promise<readonly Member[]>;
  readonly #canList: () => boolean;
  readonly #online: () => boolean;
  readonly #now: () => number;
  #loadedAt = 0;
  /** Asked for while offline: load when the network is back. */
  #wanted = false;

  /** Sorted by name. */
  members = $state.raw<readonly Member[]>([]);
  state = $state<MembersState>('idle');
  error = $state<string | null>(null);

  constructor({ fetch, canList, online = () => navigator.onLine, now = Date.now }: MemberDirectoryOptions) {
    this.#fetch = fetch;
    this.#canList = canList;
    this.#online = online;
    this.#now = now;
  }

  /** Loads the list if it has not been loaded, or not for a while; otherwise does nothing. */
  load(): void {
    if (this.state === 'loading' || !this.#canList()) return;
    if (this.state === 'ready' && this.#now() - this.#loadedAt < FRESH_FOR_MS) return;
    if (!this.#online()) {
      this.#wanted = true;
      return;
    }
    void this.#run();
  }

  /** After a failure: ask again now. */
  retry(): void {
    if (this.state !== 'loading' && this.#canList()) void this.#run();
  }

  /** The network is back: load what was asked for while it was away. */
  reconnected(): void {
    if (!this.#wanted) return;
    this.#wanted = false;
    this.load();
  }

  byUserId(userId: string): Member | undefined {
    return this.members.find((member) => member.userId === userId);
  }

  async #run(): Promise<void> {
    this.state = 'loading';
    this.error = null;
    try {
      const members = await this.#fetch();
      this.members = [...members].sort((a, b) => a.name.localeCompare(b.name));
      this.#loadedAt = this.#now();
      this.state = 'ready';
    } catch (cause) {
      this.error = cause instanceof Error ? cause.message : String(cause);
      this.state = 'failed';
    }
  }
}

export const [getMemberDirectory, setMemberDirectory] = createContext<MemberDirectory>();
