import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import { EmailTakenError, LastOwnerError } from '@parallax/db';
import { isModelError, ModelValidationError } from '@parallax/model';
import type { Logger } from '../logger.ts';

/** Every error a client sees has this shape, so the web app can show `message` and act on `code`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An expected failure with a status and a stable code; anything else is a 500 and gets logged. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);

export const unauthenticated = () =>
  new HttpError(401, 'unauthenticated', 'You are not signed in, or your session has ended. Please sign in.');

export const forbidden = (message = 'Your role on this incident does not allow this.') =>
  new HttpError(403, 'forbidden', message);

export const badOrigin = () =>
  new HttpError(
    403,
    'bad_origin',
    'This request did not come from a Parallax page (its Origin header is missing or foreign).',
  );

export const tooManyAttempts = (retryAfterSeconds: number) =>
  new HttpError(
    429,
    'too_many_attempts',
    `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`,
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );

export const inviteExpired = () =>
  new HttpError(410, 'invite_expired', 'This invite link has expired or was revoked. Ask for a new one.');

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof HttpError) {
      for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
      return c.json(errorBody(err.code, err.message, err.details), err.status);
    }
    if (err instanceof LastOwnerError) return c.json(errorBody('last_owner', err.message), 409);
    if (err instanceof EmailTakenError) {
      return c.json(errorBody('email_taken', 'An account with this email already exists. Sign in instead.'), 409);
    }
    if (err instanceof ModelValidationError) return c.json(errorBody('invalid_input', err.message, err.issues), 400);
    if (isModelError(err)) return c.json(errorBody('not_found', err.message), 404);
    if (err instanceof HTTPException) {
      // Hono raises these for unreadable bodies (malformed JSON) and the like: the client's fault, said plainly.
      const code = err.status === 413 ? 'payload_too_large' : err.status === 400 ? 'invalid_input' : 'http_error';
      return c.json(errorBody(code, err.message), err.status);
    }
    logger.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    return c.json(errorBody('internal_error', 'Something went wrong on the server.'), 500);
  };
}
