import type { Context } from 'hono';
import type { RequestOrigin } from '../auth/origin.ts';
import { firstValue, isHttps } from '../auth/origin.ts';
import type { AppEnv } from './context.ts';

/** The scheme and Host of a request, as origin checks need them. */
export function requestOrigin(c: Context): RequestOrigin {
  const url = new URL(c.req.url);
  return {
    protocol: url.protocol,
    host: c.req.header('host') ?? url.host,
    forwardedProto: c.req.header('x-forwarded-proto'),
  };
}

export function isSecureRequest<E extends AppEnv>(c: Context<E>): boolean {
  return isHttps(c.var.services.originPolicy, requestOrigin(c));
}

/** The shape @hono/node-server gives `c.env`; absent when a test calls app.request() without a socket. */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The client's address for rate limiting: the socket's peer, or with TRUST_PROXY the first X-Forwarded-For entry
 * (the proxy's own address would put every client in one bucket). Null when unknown.
 */
export function clientAddress<E extends AppEnv>(c: Context<E>): string | null {
  if (c.var.services.originPolicy.trustProxy) {
    const forwarded = firstValue(c.req.header('x-forwarded-for'));
    if (forwarded) return forwarded;
  }
  const bindings = c.env as NodeBindings | undefined;
  return bindings?.incoming?.socket?.remoteAddress ?? null;
}
