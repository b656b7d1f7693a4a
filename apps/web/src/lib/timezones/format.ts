/**
 * Showing stored UTC instants in a chosen IANA zone. Every conversion goes through Intl (which carries the tz
 * database and its daylight-saving rules); nothing here adds or subtracts offsets by hand.
 */

export type TimePrecision = 'exact' | 'minute' | 'approximate';

/** Offsets of every zone in use are whole quarter hours (Nepal +5:45, Chatham +12:45), and so are its transitions. */
const QUARTER_HOUR_MS = 15 * 60_000;

function offsetName(parts: Intl.DateTimeFormatPart[]): string {
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/**
 * Formats instants in one zone. Made once per zone (see `zoneFormatter`): Intl formatters are slow to build and
 * fast to reuse.
 */
export class ZoneFormatter {
  readonly zone: string;
  readonly #seconds: Intl.DateTimeFormat;
  readonly #minutes: Intl.DateTimeFormat;
  readonly #day: Intl.DateTimeFormat;
  readonly #dayKey: Intl.DateTimeFormat;
  readonly #offset: Intl.DateTimeFormat;
  /**
   * Day keys and labels by quarter hour: a 10,000-event timeline asks for every event's day on each change, and the
   * events of one incident fall into far fewer quarter hours than that.
   */
  readonly #days = new Map<number, { key: string; label: string }>();
  readonly #offsets = new Map<number, string>();

  constructor(zone: string) {
    this.zone = zone;
    const base = { timeZone: zone, hourCycle: 'h23' } as const;
    this.#seconds = new Intl.DateTimeFormat('en-GB', {
      ...base,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    this.#minutes = new Intl.DateTimeFormat('en-GB', { ...base, hour: '2-digit', minute: '2-digit' });
    this.#day = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
    // en-CA writes dates as YYYY-MM-DD, which sorts and compares as text.
    this.#dayKey = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    this.#offset = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'shortOffset' });
  }

  /** "14:05:30" when exact, "14:05" to the minute, "~14:05" when approximate. */
  time(iso: string, precision: TimePrecision = 'exact'): string {
    const date = new Date(iso);
    if (precision === 'exact') return this.#seconds.format(date);
    return `${precision === 'approximate' ? '~' : ''}${this.#minutes.format(date)}`;
  }

  /** "UTC", "UTC+1", "UTC+5:30", "UTC-3": the zone's offset at that instant, so daylight saving shows. */
  offsetLabel(iso: string): string {
    const ms = Date.parse(iso);
    const bucket = Math.floor(ms / QUARTER_HOUR_MS);
    let label = this.#offsets.get(bucket);
    if (label === undefined) {
      const name = offsetName(this.#offset.formatToParts(new Date(ms)));
      // ICU writes a zero offset as "GMT" or "GMT+0" depending on the version.
      label = /^(GMT|UTC)([+-]0)?$/.test(name) ? 'UTC' : name.replace(/^GMT/, 'UTC');
      this.#offsets.set(bucket, label);
    }
    return label;
  }

  /** The time with its zone: "14:05 UTC+1". */
  timeWithZone(iso: string, precision: TimePrecision = 'exact'): string {
    return `${this.time(iso, precision)} ${this.offsetLabel(iso)}`;
  }

  /** The calendar day in this zone, as `key` ("2026-03-10") and `label` ("Tue, 10 Mar 2026"). */
  day(iso: string): { key: string; label: string } {
    const ms = Date.parse(iso);
    const bucket = Math.floor(ms / QUARTER_HOUR_MS);
    let day = this.#days.get(bucket);
    if (day === undefined) {
      const date = new Date(ms);
      day = { key: this.#dayKey.format(date), label: this.#day.format(date) };
      this.#days.set(bucket, day);
    }
    return day;
  }

  /** "Tue, 10 Mar 2026, 14:05:30 UTC+1": for tooltips and announcements. */
  full(iso: string, precision: TimePrecision = 'exact'): string {
    return `${this.day(iso).label}, ${this.timeWithZone(iso, precision)}`;
  }
}

const formatters = new Map<string, ZoneFormatter>();

/** The shared formatter for `zone` (an IANA name Intl accepts; the model reads unknown zones as UTC). */
export function zoneFormatter(zone: string): ZoneFormatter {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new ZoneFormatter(zone);
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The browser's own zone, as the operating system reports it to Intl. */
export function browserTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether Intl knows `zone` (so formatting with it cannot throw). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/**
 * "+12 min", "+1 h 20 min", "+2 d 3 h", "+40 s": the quiet stretch since the previous event, so gaps stand out.
 * Null for simultaneous events.
 */
export function formatGap(fromIso: string, toIso: string): string | null {
  const seconds = Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 1000);
  if (seconds <= 0) return null;
  if (seconds < 60) return `+${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `+${days} d ${hours} h` : `+${days} d`;
  if (hours > 0) return rest > 0 ? `+${hours} h ${rest} min` : `+${hours} h`;
  return `+${rest} min`;
}
