/**
 * The one place the web app talks HTTP. Request and response types come from the server's Hono routes (types
 * only: nothing of the server is bundled), so a renamed field fails `svelte-check` here instead of at run time.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '@parallax/server';

export type ApiClient = ReturnType<typeof hc<AppType>>;

type SuccessBody<R> =
  R extends ClientResponse<infer Body, infer Status, 'json'>
    ? Status extends SuccessStatusCode
      ? Body
      : never
    : never;

type Routes = ApiClient['api'];
type Ok<F extends (...args: never[]) => Promise<unknown>> = SuccessBody<Awaited<ReturnType<F>>>;
type JsonInput<F extends (...args: never[]) => unknown> = Parameters<F>[0] extends { json: infer J } ? J : never;

/** An incident as the API returns it (dates are ISO strings once they crossed JSON). */
export type Incident = Ok<Routes['incidents'][':id']['$get']>['incident'];
/** A row of the incident list, with the caller's role in each. */
export type IncidentSummary = Ok<Routes['incidents']['$get']>['incidents'][number];
/** What the signed-in person may do in one incident: owner > facilitator > editor > viewer. */
export type Role = Ok<Routes['incidents'][':id']['$get']>['role'];
export type User = Ok<Routes['me']['$get']>['user'];
export type Member = Ok<Routes['incidents'][':id']['members']['$get']>['members'][number];
export type Invite = Ok<Routes['incidents'][':id']['invites']['$get']>['invites'][number];
export type CreatedInvite = Ok<Routes['incidents'][':id']['invites']['$post']>;
export type InvitePreview = Ok<Routes['invites'][':token']['$get']>;
export type SignupMode = Ok<Routes['admin']['settings']['$get']>['signupMode'];
export type SignUpInput = JsonInput<Routes['auth']['signup']['$post']>;
export type IncidentPatch = JsonInput<Routes['incidents'][':id']['$patch']>;
export type Preferences = Ok<Routes['me']['preferences']['$get']>['preferences'];
/** A calibration round as the incident's list shows it to the signed-in person (counts, whether they reviewed it). */
export type RoundSummary = Ok<Routes['incidents'][':id']['rounds']['$get']>['rounds'][number];
/** One round with its frozen version, all its feedback and who has reviewed it. */
export type RoundDetail = Ok<Routes['rounds'][':roundId']['$get']>;
export type Round = RoundDetail['round'];
export type Feedback = RoundDetail['feedback'][number];
export type Review = RoundDetail['reviews'][number];
export type FeedbackInput = JsonInput<Routes['rounds'][':roundId']['feedback']['$post']>;
export type FeedbackKind = Feedback['kind'];
export type FeedbackItemType = Feedback['itemType'];
/** A stored version of an incident (named, a round's, or kept before a restore), without its content. */
export type Snapshot = Ok<Routes['incidents'][':id']['snapshots']['$get']>['snapshots'][number];
export type DiffResponse = Ok<Routes['incidents'][':id']['diff']['$get']>;
export type RestoreResult = Ok<Routes['snapshots'][':snapshotId']['restore']['$post']>;
/** One side of a comparison: a snapshot's id, or the live document. */
export type DiffSideId = string | 'live';

/** What the API said went wrong, or a network failure (status 0), ready to show to a person. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions & { retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** From a 429's Retry-After header: how long the server asks us to wait. */
  readonly retryAfterSeconds: number | undefined;

  /** The message the server gave for one input field (validation errors name each field by its path). */
  fieldMessage(field: string): string | undefined {
    if (!Array.isArray(this.details)) return undefined;
    for (const issue of this.details as unknown[]) {
      if (isIssue(issue) && issue.path === field) return issue.message;
    }
    return undefined;
  }
}

export interface ApiOptions {
  /** SvelteKit's `fetch` inside load functions, so navigation can track and dedupe requests. */
  fetch?: typeof fetch;
  /**
   * Called when the server says the session is gone (a 401 other than a wrong password), before the ApiError is
   * thrown. The app uses it to send the person to the sign-in page; load functions leave it out and redirect
   * themselves.
   */
  onUnauthenticated?: () => void;
}

/**
 * @param origin where the API lives; the app is served by the same server, so this is `location.origin`. Requests
 * are same-origin, so the browser sends the session cookie and the Origin header the server's CSRF check wants.
 */
export function createApi(origin: string, { fetch: fetchImpl = fetch, onUnauthenticated }: ApiOptions = {}) {
  const client = hc<AppType>(origin, { fetch: fetchImpl });
  const { auth, me, admin, incidents, invites, rounds, snapshots } = client.api;

  async function call<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<SuccessBody<R>> {
    const response = await send(request);
    return (await response.json()) as SuccessBody<R>;
  }

  /** For the 204 answers (sign out, password change, removals), which have no body to read. */
  async function callNoContent(request: Promise<ClientResponse<unknown, number, string>>): Promise<void> {
    await send(request);
  }

  async function send<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<R> {
    let response: R;
    try {
      response = await request;
    } catch (cause) {
      throw new ApiError(0, 'network_error', 'Could not reach the Parallax server. Check your connection and retry.', {
        cause,
      });
    }
    if (response.ok) return response;
    const error = await toApiError(response);
    if (isSessionGone(error)) onUnauthenticated?.();
    throw error;
  }

  return {
    // Accounts
    signUp: async (input: SignUpInput) => (await call(auth.signup.$post({ json: input }))).user,
    signIn: async (email: string, password: string) =>
      (await call(auth.login.$post({ json: { email, password } }))).user,
    signOut: () => callNoContent(auth.logout.$post()),
    /** The signed-in person, or null when there is no session (a 401 here is an answer, not a failure). */
    currentUser: async (): Promise<User | null> => {
      let response;
      try {
        response = await me.$get();
      } catch (cause) {
        throw new ApiError(
          0,
          'network_error',
          'Could not reach the Parallax server. Check your connection and retry.',
          {
            cause,
          },
        );
      }
      // Typed as the route's 200 only: the 401 comes from the session middleware in front of it.
      const status: number = response.status;
      if (status === 401) return null;
      if (!response.ok) throw await toApiError(response);
      return ((await response.json()) as Ok<typeof me.$get>).user;
    },
    changePassword: (currentPassword: string, newPassword: string) =>
      callNoContent(me.password.$post({ json: { currentPassword, newPassword } })),
    getPreferences: async () => (await call(me.preferences.$get())).preferences,
    putPreferences: async (preferences: Preferences) =>
      (await call(me.preferences.$put({ json: preferences }))).preferences,
    getSettings: () => call(admin.settings.$get()),
    updateSettings: (signupMode: SignupMode) => call(admin.settings.$patch({ json: { signupMode } })),

    // Incidents
    listIncidents: async () => (await call(incidents.$get())).incidents,
    getIncident: async (id: string) => call(incidents[':id'].$get({ param: { id } })),
    createIncident: async (input: JsonInput<typeof incidents.$post>) =>
      (await call(incidents.$post({ json: input }))).incident,
    updateIncident: async (id: string, patch: IncidentPatch) =>
      (await call(incidents[':id'].$patch({ param: { id }, json: patch }))).incident,
    /** When the signed-in person last looked at the incident (null: never recorded). */
    getLastView: async (id: string) => (await call(incidents[':id']['last-view'].$get({ param: { id } }))).lastViewedAt,
    putLastView: async (id: string, lastViewedAt: string) =>
      (await call(incidents[':id']['last-view'].$put({ param: { id }, json: { lastViewedAt } }))).lastViewedAt,
    /**
     * The same, while the page is being left (pagehide): the request is started synchronously, with keepalive, so
     * it outlives the page. A typed client call would start it after an await, which an unloading page never runs.
     */
    putLastViewOnLeave: (id: string, lastViewedAt: string): Promise<Response> =>
      fetchImpl(incidents[':id']['last-view'].$url({ param: { id } }), {
        method: 'PUT',
        keepalive: true,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lastViewedAt }),
      }),
    archiveIncident: async (id: string) => (await call(incidents[':id'].$delete({ param: { id } }))).incident,

    // Members and invites
    listMembers: async (id: string) => (await call(incidents[':id'].members.$get({ param: { id } }))).members,
    addMember: async (id: string, email: string, role: Role) =>
      (await call(incidents[':id'].members.$post({ param: { id }, json: { email, role } }))).member,
    changeMemberRole: async (id: string, userId: string, role: Role) =>
      (await call(incidents[':id'].members[':userId'].$patch({ param: { id, userId }, json: { role } }))).member,
    removeMember: (id: string, userId: string) =>
      callNoContent(incidents[':id'].members[':userId'].$delete({ param: { id, userId } })),
    listInvites: async (id: string) => (await call(incidents[':id'].invites.$get({ param: { id } }))).invites,
    createInvite: (id: string, role: Role, expiresInHours: number) =>
      call(incidents[':id'].invites.$post({ param: { id }, json: { role, expiresInHours } })),
    revokeInvite: (id: string, inviteId: string) =>
      callNoContent(incidents[':id'].invites[':inviteId'].$delete({ param: { id, inviteId } })),
    previewInvite: (token: string) => call(invites[':token'].$get({ param: { token } })),
    acceptInvite: (token: string) => call(invites[':token'].accept.$post({ param: { token } })),

    // Calibration rounds
    listRounds: async (id: string) => (await call(incidents[':id'].rounds.$get({ param: { id } }))).rounds,
    /** Freezes the live document as the round's snapshot; facilitators and owners only. */
    openRound: (id: string, input: { label?: string; message: string }) =>
      call(incidents[':id'].rounds.$post({ param: { id }, json: input })),
    getRound: (roundId: string) => call(rounds[':roundId'].$get({ param: { roundId } })),
    addFeedback: async (roundId: string, input: FeedbackInput) =>
      (await call(rounds[':roundId'].feedback.$post({ param: { roundId }, json: input }))).feedback,
    markReviewed: async (roundId: string) =>
      (await call(rounds[':roundId'].reviewed.$post({ param: { roundId } }))).review,
    closeRound: async (roundId: string) => (await call(rounds[':roundId'].close.$post({ param: { roundId } }))).round,

    // History
    listSnapshots: async (id: string) => (await call(incidents[':id'].snapshots.$get({ param: { id } }))).snapshots,
    takeSnapshot: async (id: string, label: string) =>
      (await call(incidents[':id'].snapshots.$post({ param: { id }, json: { label } }))).snapshot,
    diff: (id: string, from: DiffSideId, to: DiffSideId) =>
      call(incidents[':id'].diff.$get({ param: { id }, query: { from, to } })),
    /** Makes the live document the snapshot's content, as an edit everyone receives; facilitators and owners only. */
    restoreSnapshot: (snapshotId: string) => call(snapshots[':snapshotId'].restore.$post({ param: { snapshotId } })),
    /** A new incident, owned by the caller, with the snapshot's content. */
    forkSnapshot: (snapshotId: string, title?: string) =>
      call(snapshots[':snapshotId'].fork.$post({ param: { snapshotId }, json: title ? { title } : {} })),
  };
}

export type Api = ReturnType<typeof createApi>;

/** A wrong password is also a 401, but it says nothing about the session. */
function isSessionGone(error: ApiError): boolean {
  return error.status === 401 && error.code !== 'invalid_credentials';
}

async function toApiError(response: ClientResponse<unknown, number, string>): Promise<ApiError> {
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim();
  const retryAfter = Number(response.headers.get('retry-after'));
  const options = Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : undefined;
  // A proxy or a crashed server may answer HTML; only the API's own JSON carries a code and a message.
  if (!response.headers.get('content-type')?.includes('application/json')) {
    return new ApiError(response.status, 'http_error', fallback, undefined, options);
  }
  const body: unknown = await response.json();
  if (isErrorBody(body)) {
    return new ApiError(response.status, body.error.code, body.error.message, body.error.details, options);
  }
  return new ApiError(response.status, 'http_error', fallback, undefined, options);
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error: unknown = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

function isIssue(value: unknown): value is { path: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'path' in value &&
    typeof value.path === 'string' &&
    'message' in value &&
    typeof value.message === 'string'
  );
}
