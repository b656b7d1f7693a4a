/** The presenters of an incident, kept current from the provider's awareness (see presenter.ts). */
import type { WebsocketProvider } from 'y-websocket';
import { presentersFrom, type Presenter } from './presenter.ts';

type Awareness = WebsocketProvider['awareness'];

export class MeetingPresence {
  readonly #teardown: () => void;
  /** Most recent meeting first. */
  presenters = $state.raw<readonly Presenter[]>([]);

  constructor(awareness: Awareness, selfUserId: string) {
    const onChange = () => {
      this.presenters = presentersFrom(awareness.getStates(), selfUserId);
    };
    awareness.on('change', onChange);
    onChange();
    this.#teardown = () => awareness.off('change', onChange);
  }

  /** The presenter to follow: the one already followed, else the latest meeting. */
  lead(followingUserId: string | null): Presenter | null {
    return this.presenters.find((presenter) => presenter.userId === followingUserId) ?? this.presenters[0] ?? null;
  }

  isPresenting(userId: string): boolean {
    return this.presenters.some((presenter) => presenter.userId === userId);
  }

  destroy(): void {
    this.#teardown();
  }
}
