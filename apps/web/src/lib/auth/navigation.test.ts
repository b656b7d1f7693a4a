import { describe, expect, it } from 'vitest';
import { isPublicRoute, safeNextPath, signInPath } from './navigation.ts';

describe('sign-in redirects', () => {
  it('remembers the page, with its query, to come back to', () => {
    expect(signInPath(new URL('http://x.test/incidents/abc?view=lanes'))).toBe(
      '/signin?next=%2Fincidents%2Fabc%3Fview%3Dlanes',
    );
  });

  it('does not remember the incident list or the sign-in pages themselves', () => {
    expect(signInPath(new URL('http://x.test/'))).toBe('/signin');
    expect(signInPath(new URL('http://x.test/signup?invite=t'))).toBe('/signin');
  });

  it('only lets sign-in, sign-up and invite previews through without a session', () => {
    expect(isPublicRoute('/signin')).toBe(true);
    expect(isPublicRoute('/invites/[token]')).toBe(true);
    expect(isPublicRoute('/incidents/[id]')).toBe(false);
    expect(isPublicRoute('/')).toBe(false);
    expect(isPublicRoute(null)).toBe(true);
  });
});

describe('the next parameter', () => {
  it('returns to a path in this app, keeping its query and hash', () => {
    expect(safeNextPath('/incidents/abc')).toBe('/incidents/abc');
    expect(safeNextPath('/invites/tok?x=1#y')).toBe('/invites/tok?x=1#y');
  });

  it('never leaves the app', () => {
    for (const hostile of ['https://evil.test/', '//evil.test/x', '/\\evil.test', 'javascript:alert(1)', 'incidents']) {
      expect(safeNextPath(hostile)).toBe('/');
    }
  });

  it('falls back to the incident list when missing or pointing at a sign-in page', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('')).toBe('/');
    expect(safeNextPath('/signin?next=/signin')).toBe('/');
  });
});
