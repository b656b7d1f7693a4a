/**
 * Times outside the timeline (lists, invites), where the exact zone matters less than recency. The timeline's
 * zone-aware times are in `timezones/`.
 */

/** The instant `ms` (epoch milliseconds) as the model stores times: `toISOString()` form, in UTC. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

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
/** "Tue, 4 Mar 2025" in UTC. */
function formatUtcDate(iso: string): string {
  return dateFormat.format(new Date(iso));
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
