/**
 * One calibration round being read: the frozen version (fetched once: it never changes), and the feedback, reviews
 * and status (which do, as participants answer and the facilitator closes the round). Those are asked for again when
 * the page comes back into view or gains focus and every half minute, like the incident's list of rounds, so the
 * facilitator sees feedback arrive and a participant sees the round close.
 */
import type { IncidentProjection } from '@parallax/model';
import { ApiError, type Api, type Feedback, type FeedbackInput, type RoundDetail } from '../api.ts';
import { groupFeedback } from './feedback.ts';
import { ROUNDS_REFRESH_MS } from './incident-rounds.svelte.ts';

export type RoundApi = Pick<Api, 'getRound' | 'addFeedback' | 'markReviewed' | 'closeRound'>;

/** Everything about the round but its frozen content. */
export type RoundStatus = Omit<RoundDetail, 'projection'>;

export class RoundState {
  readonly #api: RoundApi;
  readonly roundId: string;
  #refreshing = false;

  /** The frozen version, once loaded. */
  projection = $state.raw<IncidentProjection | null>(null);
  status = $state.raw<RoundStatus | null>(null);
  /** Why the round could not be opened at all (and whether it simply is not there). */
  loadError = $state.raw<{ message: string; notFound: boolean } | null>(null);
  /** Set when a refresh failed; what is shown stays as it was. */
  refreshError = $state<string | null>(null);

  readonly isOpen = $derived(this.status?.round.status === 'open');
  /** Facilitators and owners run the round: they see everyone's feedback at a glance and close it. */
  readonly runsRound = $derived(this.status?.role === 'facilitator' || this.status?.role === 'owner');
  readonly feedbackByItem: ReadonlyMap<string, readonly Feedback[]> = $derived(
    groupFeedback(this.status?.feedback ?? []),
  );

  constructor(api: RoundApi, roundId: string) {
    this.#api = api;
    this.roundId = roundId;
  }

  async load(): Promise<void> {
    try {
      const { projection, ...status } = await this.#api.getRound(this.roundId);
      this.projection = projection as IncidentProjection;
      this.status = status;
      this.loadError = null;
    } catch (cause) {
      const notFound = cause instanceof ApiError && (cause.status === 404 || cause.status === 400);
      this.loadError = {
        message: notFound
          ? 'This calibration round does not exist, or you cannot see it.'
          : cause instanceof Error
            ? cause.message
            : String(cause),
        notFound,
      };
    }
  }

  /** Feedback, reviews and status as they are now (the frozen content is kept as it is). */
  async refresh(): Promise<void> {
    if (this.#refreshing || !this.projection) return;
    this.#refreshing = true;
    try {
      const { projection: _frozen, ...status } = await this.#api.getRound(this.roundId);
      this.status = status;
      this.refreshError = null;
    } catch (cause) {
      this.refreshError = cause instanceof Error ? cause.message : String(cause);
    } finally {
      this.#refreshing = false;
    }
  }

  /** Loads now, then refreshes on focus or coming back into view (while online) and on a timer; returns the stop. */
  start(): () => void {
    void this.load();
    const onFocus = () => {
      if (document.visibilityState === 'visible' && navigator.onLine) void this.refresh();
    };
    const timer = setInterval(onFocus, ROUNDS_REFRESH_MS);
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onFocus);
    };
  }

  /** Sends feedback and shows it at once; throws ApiError (a closed round: 409) for the form to show. */
  async addFeedback(input: FeedbackInput): Promise<Feedback> {
    const feedback = await this.#api.addFeedback(this.roundId, input);
    if (this.status) this.status = { ...this.status, feedback: [...this.status.feedback, feedback] };
    return feedback;
  }

  async markReviewed(): Promise<void> {
    const review = await this.#api.markReviewed(this.roundId);
    if (!this.status) return;
    const reviews = [...this.status.reviews.filter((one) => one.userId !== review.userId), review];
    this.status = { ...this.status, reviews, reviewedByMe: true };
  }

  async close(): Promise<void> {
    const round = await this.#api.closeRound(this.roundId);
    if (this.status) this.status = { ...this.status, round };
  }
}
