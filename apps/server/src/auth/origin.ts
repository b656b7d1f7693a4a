/** Where the server is reached from, as the browser sees it; decides which Origin headers are our own pages. */
export interface OriginPolicy {
  /** PUBLIC_URL: when set, the only accepted origin (the server may sit behind a proxy that rewrites the rest). */
  publicUrl?: string;
  /** Believe X-Forwarded-Proto / X-Forwarded-For from a reverse proxy in front of the server. */
  trustProxy: boolean;
}

/** What the transport knows about a request, for HTTP and websocket upgrades alike. */
export interface RequestOrigin {
  /** 'http:' or 'https:' (a websocket upgrade passes its underlying HTTP scheme). */
  protocol: string;
  /** The Host header. */
  host: string | undefined;
  forwardedProto: string | undefined;
}

/** The origin our own pages have: PUBLIC_URL's, else the request's own scheme and Host. */
export function expectedOrigin(policy: OriginPolicy, request: RequestOrigin): string | null {
  if (policy.publicUrl) return new URL(policy.publicUrl).origin;
  if (!request.host) return null;
  const protocol = (policy.trustProxy && firstValue(request.forwardedProto)) || request.protocol.replace(/:$/, '');
  try {
    return new URL(`${protocol}://${request.host}`).origin;
  } catch {
    // A Host header that is not a host at all matches no origin.
    return null;
  }
}

/**
 * CSRF and cross-site websocket protection: a request changing anything must come from our own pages. Browsers send
 * Origin on every cross-origin request and every POST/PUT/PATCH/DELETE and websocket, so a missing one is refused
 * too rather than guessed at.
 */
export function isSameOrigin(origin: string | undefined, policy: OriginPolicy, request: RequestOrigin): boolean {
  if (!origin || origin === 'null') return false;
  const expected = expectedOrigin(policy, request);
  return expected !== null && origin === expected;
}

/** Whether cookies should be Secure: the page is served over HTTPS. */
export function isHttps(policy: OriginPolicy, request: RequestOrigin): boolean {
  if (policy.publicUrl && new URL(policy.publicUrl).protocol === 'https:') return true;
  const forwarded = policy.trustProxy ? firstValue(request.forwardedProto) : undefined;
  return (forwarded ?? request.protocol.replace(/:$/, '')) === 'https';
}

/** The first entry of a comma-separated forwarding header (the client's side of the proxy chain). */
export function firstValue(header: string | undefined): string | undefined {
  const value = header?.split(',')[0]?.trim().toLowerCase();
  return value || undefined;
}
