import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
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
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof HttpError) return c.json(errorBody(err.code, err.message, err.details), err.status);
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
