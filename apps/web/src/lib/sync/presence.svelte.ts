/**
 * Who else has this incident open, and where they are: read from the provider's awareness. The server stamps each
 * state's `user` with the authenticated id, name and role (so nobody can pose as someone else); each client adds
 * its colour, the event it is editing and the event it has focused. Presence is never stored.
 */
import type { WebsocketProvider } from 'y-websocket';
import { colorForUser } from './colors.ts';
import { peersFrom, type Peer } from './presence-peers.ts';

export type { Peer } from './presence-peers.ts';

type Awareness = WebsocketProvider['awareness'];

/** What this client publishes about itself, besides the `user` the server fills in. */
interface LocalPresence {
  user: { name: string; color: string; colorLight: string };
  editing: string | null;
  focus: string | null;
}

export class Presence {
  readonly #awareness: Awareness;
  readonly #teardown: () => void;

  /** Everyone else here, one entry per person (their most recently active tab), sorted by name. */
  peers = $state.raw<readonly Peer[]>([]);
  /** This client's own published focus and editing, mirrored for the UI. */
  editing = $state<string | null>(null);
  focus = $state<string | null>(null);

  constructor(awareness: Awareness, self: { userId: string; name: string }) {
    this.#awareness = awareness;
    const color = colorForUser(self.userId);
    const local: LocalPresence = {
      user: { name: self.name, color, colorLight: `${color}33` },
      editing: null,
      focus: null,
    };
    awareness.setLocalState({ ...awareness.getLocalState(), ...local });

    const onChange = () => {
      this.peers = peersFrom(awareness.getStates(), awareness.clientID, self.userId);
    };
    awareness.on('change', onChange);
    onChange();
    this.#teardown = () => awareness.off('change', onChange);
  }

  setEditing(eventId: string | null): void {
    if (this.editing === eventId) return;
    this.editing = eventId;
    this.#awareness.setLocalStateField('editing', eventId);
  }

  setFocus(eventId: string | null): void {
    if (this.focus === eventId) return;
    this.focus = eventId;
    this.#awareness.setLocalStateField('focus', eventId);
  }

  /** Peers with this event open, for the small avatars on its card. */
  editingEvent(eventId: string): Peer[] {
    return this.peers.filter((peer) => peer.editing === eventId);
  }

  destroy(): void {
    this.#teardown();
  }
}
