/**
 * The document is shared with every peer, and a peer that bypasses the model can store any string; only http(s)
 * links are ever rendered as links, so a `javascript:` URL in a source link cannot run.
 */
export function safeHref(url: string): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

/** `url` made absolute against `origin`: links people paste into chat must carry the host. */
export function absoluteUrl(url: string, origin: string): string {
  return new URL(url, origin).href;
}
