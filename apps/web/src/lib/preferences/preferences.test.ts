import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { Preferences, readPreferences, type PreferenceRemote, type PreferenceValues } from './preferences.svelte.ts';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('preferences', () => {
  beforeEach(() => vi.stubGlobal('localStorage', memoryStorage()));
  afterEach(() => vi.unstubAllGlobals());

  it('reads only known values from a stored copy', () => {
    expect(readPreferences({ timeZoneMode: 'utc', theme: 'dark' })).toEqual({ timeZoneMode: 'utc', theme: 'dark' });
    expect(readPreferences({ timeZoneMode: 'mars', theme: 'dark', extra: 1 })).toEqual({ theme: 'dark' });
    expect(readPreferences('nonsense')).toEqual({});
  });

  it('starts from the local copy, then takes the server’s, and saves changes to both', async () => {
    localStorage.setItem('parallax:preferences:u1', JSON.stringify({ timeZoneMode: 'utc', theme: 'light' }));
    const saved: PreferenceValues[] = [];
    let answer: (values: PreferenceValues) => void = () => undefined;
    const remote: PreferenceRemote = {
      load: () => new Promise((resolve) => (answer = resolve)),
      save: async (values) => {
        saved.push(values);
      },
    };
    const preferences = new Preferences();
    const using = preferences.use('u1', remote);
    expect(preferences.values).toEqual({ timeZoneMode: 'utc', theme: 'light' });
    answer({ timeZoneMode: 'reference', theme: 'dark' });
    await using;
    expect(preferences.values).toEqual({ timeZoneMode: 'reference', theme: 'dark' });

    await preferences.setTimeZoneMode('local');
    expect(saved).toEqual([{ timeZoneMode: 'local', theme: 'dark' }]);
    expect(JSON.parse(localStorage.getItem('parallax:preferences:u1') ?? '')).toEqual({
      timeZoneMode: 'local',
      theme: 'dark',
    });
    expect(localStorage.getItem('parallax:theme')).toBe('dark');
  });

  it('keeps what the person just picked when the server answers late, and works offline', async () => {
    let answer: (values: PreferenceValues) => void = () => undefined;
    const preferences = new Preferences();
    const using = preferences.use('u2', {
      load: () => new Promise((resolve) => (answer = resolve)),
      save: () => Promise.reject(new ApiError(0, 'network_error', 'Could not reach the Parallax server.')),
    });
    await preferences.setTheme('dark');
    answer({ timeZoneMode: 'utc', theme: 'light' });
    await using;
    expect(preferences.theme).toBe('dark');
    expect(preferences.saveError).toBe('Could not reach the Parallax server.');

    const offline = new Preferences();
    await offline.use('u2', {
      load: () => Promise.reject(new ApiError(0, 'network_error', 'offline')),
      save: async () => undefined,
    });
    expect(offline.values).toEqual({ timeZoneMode: 'local', theme: 'dark' });
  });
});
