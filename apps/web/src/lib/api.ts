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

type IncidentListBody = SuccessBody<Awaited<ReturnType<ApiClient['api']['incidents']['$get']>>>;

/** An incident as the API returns it (dates are ISO strings once they crossed JSON). */
export type Incident = IncidentListBody['incidents'][number];

/** What the API said went wrong, or a network failure (status 0), ready to show to a person. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

/**
 * @param origin where the API lives; the app is served by the same server, so this is `location.origin`.
 * @param fetchImpl SvelteKit's `fetch` inside load functions, so navigation can track and dedupe requests.
 */
export function createApi(origin: string, fetchImpl: typeof fetch = fetch) {
  const client = hc<AppType>(origin, { fetch: fetchImpl });
  const incidents = client.api.incidents;
  return {
    listIncidents: async () => (await call(incidents.$get())).incidents,
    getIncident: async (id: string) => (await call(incidents[':id'].$get({ param: { id } }))).incident,
    createIncident: async (input: Parameters<typeof incidents.$post>[0]['json']) =>
      (await call(incidents.$post({ json: input }))).incident,
    updateIncident: async (id: string, patch: Parameters<(typeof incidents)[':id']['$patch']>[0]['json']) =>
      (await call(incidents[':id'].$patch({ param: { id }, json: patch }))).incident,
    archiveIncident: async (id: string) => (await call(incidents[':id'].$delete({ param: { id } }))).incident,
  };
}

export type Api = ReturnType<typeof createApi>;

async function call<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<SuccessBody<R>> {
  let response: R;
  try {
    response = await request;
  } catch (cause) {
    throw new ApiError(0, 'network_error', 'Could not reach the Parallax server. Check your connection and retry.', {
      cause,
    });
  }
  if (response.ok) return (await response.json()) as SuccessBody<R>;
  throw await toApiError(response);
}

async function toApiError(response: ClientResponse<unknown, number, string>): Promise<ApiError> {
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim();
  // A proxy or a crashed server may answer HTML; only the API's own JSON carries a code and a message.
  if (!response.headers.get('content-type')?.includes('application/json')) {
    return new ApiError(response.status, 'http_error', fallback);
  }
  const body: unknown = await response.json();
  if (isErrorBody(body)) {
    return new ApiError(response.status, body.error.code, body.error.message, body.error.details);
  }
  return new ApiError(response.status, 'http_error', fallback);
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
