/**
 * Per-person display preferences: which zone times are shown in, and the colour theme. They follow the person from
 * browser to browser through the server, with a copy in localStorage so the page starts in the right zone and
 * theme before the server answers (and works while it cannot).
 */
import { createContext } from 'svelte';
import { ApiError, type Api } from '../api.ts';

export const TIME_ZONE_MODES = ['local', 'utc', 'reference'] as const;
export type TimeZoneMode = (typeof TIME_ZONE_MODES)[number];
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface PreferenceValues {
  timeZoneMode: TimeZoneMode;
  theme: Theme;
}

export const DEFAULT_PREFERENCES: PreferenceValues = { timeZoneMode: 'local', theme: 'system' };

/** Where preferences live beyond this page (the server's `/api/me/preferences`); failures are ApiErrors. */
export interface PreferenceRemote {
  load(): Promise<PreferenceValues | null>;
  save(values: PreferenceValues): Promise<void>;
}

/** The theme of the last person on this browser, read by app.html before the first paint. */
export const THEME_STORAGE_KEY = 'parallax:theme';

function localKey(userId: string): string {
  return `parallax:preferences:${userId}`;
}

/** Reads stored preferences, keeping only known values (the copy may come from an older or newer version). */
export function readPreferences(value: unknown): Partial<PreferenceValues> {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const result: Partial<PreferenceValues> = {};
  if ((TIME_ZONE_MODES as readonly unknown[]).includes(record.timeZoneMode)) {
    result.timeZoneMode = record.timeZoneMode as TimeZoneMode;
  }
  if ((THEMES as readonly unknown[]).includes(record.theme)) result.theme = record.theme as Theme;
  return result;
}

function readLocal(userId: string | null): Partial<PreferenceValues> {
  if (userId === null) return {};
  const text = localStorage.getItem(localKey(userId));
  if (!text) return {};
  try {
    return readPreferences(JSON.parse(text));
  } catch (error) {
    // A copy that is not JSON was not written by us; start from the defaults and overwrite it on the next save.
    if (error instanceof SyntaxError) return {};
    throw error;
  }
}

export class Preferences {
  timeZoneMode = $state<TimeZoneMode>(DEFAULT_PREFERENCES.timeZoneMode);
  theme = $state<Theme>(DEFAULT_PREFERENCES.theme);
  /** Set when the server could not store a change; the change still holds on this browser. */
  saveError = $state<string | null>(null);

  #userId: string | null = null;
  #remote: PreferenceRemote | null = null;
  /** Bumped per change so a slow load never overwrites what the person just picked. */
  #generation = 0;

  /** Switches to a person's preferences: their local copy at once, then the server's. */
  async use(userId: string | null, remote: PreferenceRemote | null): Promise<void> {
    this.#userId = userId;
    this.#remote = remote;
    const generation = ++this.#generation;
    this.#apply({ ...DEFAULT_PREFERENCES, ...readLocal(userId) });
    if (!remote) return;
    let stored: PreferenceValues | null;
    try {
      stored = await remote.load();
    } catch (cause) {
      // Offline or the server is down: the local copy stands, and the next change is sent when it answers.
      if (!(cause instanceof ApiError)) throw cause;
      return;
    }
    if (stored && generation === this.#generation) {
      this.#apply(stored);
      this.#storeLocal();
    }
  }

  setTimeZoneMode(mode: TimeZoneMode): Promise<void> {
    this.timeZoneMode = mode;
    return this.#save();
  }

  setTheme(theme: Theme): Promise<void> {
    this.theme = theme;
    return this.#save();
  }

  get values(): PreferenceValues {
    return { timeZoneMode: this.timeZoneMode, theme: this.theme };
  }

  #apply(values: PreferenceValues): void {
    this.timeZoneMode = values.timeZoneMode;
    this.theme = values.theme;
  }

  #storeLocal(): void {
    localStorage.setItem(THEME_STORAGE_KEY, this.theme);
    if (this.#userId !== null) localStorage.setItem(localKey(this.#userId), JSON.stringify(this.values));
  }

  async #save(): Promise<void> {
    this.#generation += 1;
    this.#storeLocal();
    if (!this.#remote) return;
    try {
      await this.#remote.save(this.values);
      this.saveError = null;
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      this.saveError = cause.message;
    }
  }
}

export const [getPreferences, setPreferences] = createContext<Preferences>();

/** The server's copy of the signed-in person's preferences (`/api/me/preferences`). */
export function serverPreferenceRemote(api: Pick<Api, 'getPreferences' | 'putPreferences'>): PreferenceRemote {
  return {
    load: () => api.getPreferences(),
    save: async (values) => {
      await api.putPreferences(values);
    },
  };
}
