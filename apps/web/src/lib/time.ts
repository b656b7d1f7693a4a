/** Times are stored as UTC ISO strings; until the zone switch exists, the UI shows and accepts UTC. */

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const timeFormatMinutes = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Tue, 4 Mar 2025" in UTC: the day heading for a group of events. */
export function formatUtcDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** "14:03:27" in UTC, or "14:03" when the source only knew the minute. */
export function formatUtcTime(iso: string, precision: string): string {
  const date = new Date(iso);
  return precision === 'exact' ? timeFormat.format(date) : timeFormatMinutes.format(date);
}

/**
 * How a UTC instant is typed and shown in time fields: "2025-03-04 14:03:27", 24-hour, like the logs and chat
 * exports people copy times from. Seconds are left out when the time is only known to the minute.
 */
export function toUtcInputValue(iso: string, precision = 'exact'): string {
  const text = new Date(iso).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, precision === 'exact' ? 19 : 16)}`;
}

export interface ParsedUtcInput {
  occurredAt: string;
  /** Whether the person typed seconds, i.e. claims to know the time to the second. */
  hasSeconds: boolean;
}

const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(?:\s*(?:Z|UTC))?$/i;

/**
 * Reads a typed UTC time: "2025-03-04 14:03", "2025-03-04 14:03:27", or a pasted "2025-03-04T14:03:27.120Z".
 * Impossible dates (February 30th, 25 o'clock) are null rather than silently rolled over.
 */
export function parseUtcInput(value: string): ParsedUtcInput | null {
  const match = UTC_INPUT.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const date = new Date(
    Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second ?? 0),
      Math.round(Number(fraction ?? 0) * 1000),
    ),
  );
  const fields = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours()];
  const typed = [Number(year), Number(month), Number(day), Number(hour)];
  if (fields.some((field, index) => field !== typed[index]) || Number(minute) > 59 || Number(second ?? 0) > 59) {
    return null;
  }
  return { occurredAt: date.toISOString(), hasSeconds: second !== undefined };
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", for list rows where the exact instant matters less than recency. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** Full UTC timestamp for tooltips and `<time datetime>` companions. */
export function formatUtcFull(iso: string): string {
  return `${formatUtcDate(iso)} ${timeFormat.format(new Date(iso))} UTC`;
}

/** "4 min", "1 h 20 min", "2 d 3 h": the quiet stretch between two events, shown so gaps are visible. */
export function formatGap(fromIso: string, toIso: string): string | null {
  const minutes = Math.floor((new Date(toIso).getTime() - new Date(fromIso).getTime()) / 60_000);
  if (minutes < 1) return null;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/** The UTC calendar day of an instant, "2025-03-04", for grouping events by day. */
export function utcDayKey(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/**
 * "in 7 days", "in 5 hours": how long something (an invite link) stays valid. Days and hours only, since
 * "next week" leaves the reader guessing which day.
 */
export function formatExpiry(iso: string, now: number = Date.now()): string {
  const hours = (new Date(iso).getTime() - now) / 3_600_000;
  if (hours <= 0) return 'expired';
  if (hours < 1) return 'in less than an hour';
  if (hours < 48) {
    const whole = Math.round(hours);
    return `in ${whole} ${whole === 1 ? 'hour' : 'hours'}`;
  }
  return `in ${Math.round(hours / 24)} days`;
}
