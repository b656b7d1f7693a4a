/**
 * Reading the times people type when they rebuild a timeline: "14:05", "yesterday 14:05", "2026-03-10 14:05:30",
 * "~14:05", or an ISO instant pasted from a log. Wall-clock times are read in the zone the person is looking at
 * (the display zone), unless they name UTC or an offset. Zone conversion is Temporal's (a polyfill until browsers
 * ship it): it knows which wall-clock times a daylight-saving change skips or repeats.
 */
import { Temporal } from 'temporal-polyfill';
import type { TimePrecision } from './format.ts';
import { zoneFormatter } from './format.ts';

export interface ParsedTime {
  /** UTC, in `toISOString()` form, as the model stores it. */
  occurredAt: string;
  precision: TimePrecision;
  /** The zone the typed wall-clock time was read in: the event's source zone, unless the person says otherwise. */
  zone: string;
  /** Something the person should know about how the time was read (a repeated hour at a daylight-saving change). */
  note: string | null;
}

export type TimeParseResult = { ok: true; value: ParsedTime } | { ok: false; message: string };

export interface ParseContext {
  /** The display zone: where "14:05" is read. */
  zone: string;
  /** What "today" is; injectable for tests. */
  now?: Date;
}

export const TIME_INPUT_HINT = 'e.g. 14:05, yesterday 14:05, 2026-03-10 14:05:30, ~14:05';

const APPROXIMATE = /^(?:~|about\s+|around\s+|approx\.?\s+|ca\.?\s+|c\.\s*)/i;
const DAY_WORD = /^(today|yesterday|tomorrow)\b\s*(?:at\s+)?/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s]+|$)/i;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(am|pm|a\.m\.|p\.m\.)?/i;
const ZONE_SUFFIX = /^(?:(z|utc|gmt)|([+-])(\d{2}):?(\d{2}))$/i;

const DAY_OFFSETS = { today: 0, yesterday: -1, tomorrow: 1 } as const;

function fail(message: string): TimeParseResult {
  return { ok: false, message };
}

/** Reads a typed time. Never throws; a failure says what was wrong in words a person can act on. */
export function parseTimeInput(input: string, { zone, now = new Date() }: ParseContext): TimeParseResult {
  let rest = input.trim();
  if (!rest) return fail(`Enter when it happened (${TIME_INPUT_HINT}).`);

  let approximate = false;
  const approx = APPROXIMATE.exec(rest);
  if (approx) {
    approximate = true;
    rest = rest.slice(approx[0].length).trim();
  }

  let date: Temporal.PlainDate;
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone).toPlainDate();
  const dayWord = DAY_WORD.exec(rest);
  const dateMatch = DATE.exec(rest);
  if (dayWord) {
    const word = (dayWord[1] ?? 'today').toLowerCase() as keyof typeof DAY_OFFSETS;
    date = today.add({ days: DAY_OFFSETS[word] });
    rest = rest.slice(dayWord[0].length);
  } else if (dateMatch) {
    const [, year, month, day] = dateMatch;
    try {
      date = Temporal.PlainDate.from(
        { year: Number(year), month: Number(month), day: Number(day) },
        { overflow: 'reject' },
      );
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return fail(`${year}-${month}-${day} is not a date in the calendar.`);
    }
    rest = rest.slice(dateMatch[0].length);
  } else {
    date = today;
  }

  const timeMatch = TIME.exec(rest);
  if (!timeMatch && !rest.trim()) return fail('Add the time of day, e.g. 2026-03-10 14:05.');
  if (!timeMatch) {
    return fail(`Could not read “${input.trim()}” as a time (${TIME_INPUT_HINT}).`);
  }
  const [, hourText = '0', minuteText = '0', secondText, fractionText, meridiem] = timeMatch;
  let hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText ?? 0);
  if (meridiem) {
    if (hour < 1 || hour > 12) return fail(`${hourText} is not an hour on a 12-hour clock.`);
    const pm = meridiem.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return fail(`${timeMatch[0].trim()} is not a time of day (24-hour clock: 00:00 to 23:59:59).`);
  }
  const millisecond = fractionText ? Math.round(Number(`0.${fractionText}`) * 1000) : 0;
  rest = rest.slice(timeMatch[0].length).trim();

  const precision: TimePrecision = approximate ? 'approximate' : secondText !== undefined ? 'exact' : 'minute';
  const wallClock = date.toPlainDateTime({ hour, minute, second, millisecond: Math.min(millisecond, 999) });

  if (rest) {
    const suffix = ZONE_SUFFIX.exec(rest);
    if (!suffix)
      return fail(`Could not read “${rest}” after the time; leave it out, or write UTC or an offset (+01:00).`);
    if (suffix[1]) {
      const instant = wallClock.toZonedDateTime('UTC').toInstant();
      return { ok: true, value: { occurredAt: toIso(instant), precision, zone: 'UTC', note: null } };
    }
    const [, , sign, offsetHours, offsetMinutes] = suffix;
    if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return fail(`${rest} is not a UTC offset.`);
    // An explicit offset names the instant exactly, including the second of two repeated hours.
    const instant = Temporal.Instant.from(`${wallClock.toString()}${sign}${offsetHours}:${offsetMinutes}`);
    return { ok: true, value: { occurredAt: toIso(instant), precision, zone, note: null } };
  }

  return resolveWallClock(wallClock, zone, precision);
}

/** A wall-clock time in `zone`: one instant, none (skipped by a daylight-saving change) or two (repeated). */
function resolveWallClock(wallClock: Temporal.PlainDateTime, zone: string, precision: TimePrecision): TimeParseResult {
  const earlier = wallClock.toZonedDateTime(zone, { disambiguation: 'earlier' });
  const later = wallClock.toZonedDateTime(zone, { disambiguation: 'later' });
  const typed = wallClock.toPlainTime().toString({ smallestUnit: 'minute' });
  const day = zoneFormatter(zone).day(toIso(earlier.toInstant())).label;

  if (Temporal.PlainDateTime.compare(earlier.toPlainDateTime(), wallClock) !== 0) {
    // Skipped: the clocks jumped over this time. Guessing which side the person meant would silently move the
    // event by an hour, so ask.
    const transition = earlier.getTimeZoneTransition('next');
    const jumpedTo = transition ? transition.toPlainTime() : later.toPlainTime();
    const jumpedFrom = jumpedTo.subtract({ nanoseconds: later.offsetNanoseconds - earlier.offsetNanoseconds });
    const hhmm = (time: Temporal.PlainTime) => time.toString({ smallestUnit: 'minute' });
    return fail(
      `${typed} did not happen on ${day} in ${zone}: the clocks went forward from ${hhmm(jumpedFrom)} to ` +
        `${hhmm(jumpedTo)}. Did you mean ${hhmm(earlier.toPlainTime())} or ${hhmm(later.toPlainTime())}? ` +
        `Or add the offset the source used, e.g. “${typed} ${earlier.offset}”.`,
    );
  }

  const value: ParsedTime = { occurredAt: toIso(earlier.toInstant()), precision, zone, note: null };
  if (!earlier.toInstant().equals(later.toInstant())) {
    // Repeated: the clocks went back, so this wall-clock time happened twice. Take the first, and say how to get
    // the second.
    const utc = zoneFormatter('UTC');
    value.note =
      `${typed} happened twice on ${day} in ${zone} (the clocks went back). Using the first, ` +
      `${typed} ${earlier.offset} (${utc.time(value.occurredAt, 'minute')} UTC); for the second, ` +
      `type “${typed} ${later.offset}”.`;
  }
  return { ok: true, value };
}

function toIso(instant: Temporal.Instant): string {
  return new Date(instant.epochMilliseconds).toISOString();
}

/**
 * How an instant is written back into a time field for editing, in the display zone: "2026-03-10 14:05:30" when
 * exact, "2026-03-10 14:05" to the minute, "~2026-03-10 14:05" when approximate. `parseTimeInput` reads it back to
 * the same instant, except in a repeated hour, where the offset is added so it does.
 */
export function toTimeInputValue(iso: string, precision: TimePrecision, zone: string): string {
  const zoned = Temporal.Instant.from(iso).toZonedDateTimeISO(zone);
  const time = zoned.toPlainTime().toString({ smallestUnit: precision === 'exact' ? 'second' : 'minute' });
  const text = `${precision === 'approximate' ? '~' : ''}${zoned.toPlainDate().toString()} ${time}`;
  const first = zoned.toPlainDateTime().toZonedDateTime(zone, { disambiguation: 'earlier' });
  return first.toInstant().equals(zoned.toInstant()) ? text : `${text} ${zoned.offset}`;
}
