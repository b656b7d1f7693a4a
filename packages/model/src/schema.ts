/**
 * The public vocabulary of an incident document and the zod schemas every write goes through. README.md describes
 * the same schema for clients that do not use this package; keep the two in step.
 */
import { z } from 'zod';

/** Bumped when the document layout changes in a way older readers cannot follow. Stored in `meta.schemaVersion`. */
export const SCHEMA_VERSION = 1;

export const EVENT_KINDS = [
  'detection',
  'diagnosis',
  'repair',
  'key-moment',
  'communication',
  'action',
  'note',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_SOURCES = ['chat', 'alert', 'deploy', 'log', 'interview', 'manual'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const TIME_PRECISIONS = ['exact', 'minute', 'approximate'] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The incident's life, from response to the end of the learning review: `mitigated` means impact has stopped but the
 * fix is temporary, `resolved` means the response is over, `in-review` means the learning review is under way.
 */
export const INCIDENT_STATUSES = ['investigating', 'mitigated', 'resolved', 'in-review', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const QUESTION_STATUSES = ['open', 'answered', 'parked'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** Contributing factors and the other analysis items that sit beside them and link to events the same way. */
export const FACTOR_KINDS = ['contributing', 'went-well', 'lucky', 'insight'] as const;
export type FactorKind = (typeof FACTOR_KINDS)[number];

export const ACTION_CATEGORIES = ['detect', 'diagnose', 'mitigate', 'resolve', 'prevent', 'learn', 'process'] as const;
export type ActionCategory = (typeof ACTION_CATEGORIES)[number];

export const ACTION_STATUSES = ['proposed', 'accepted', 'in-progress', 'done', 'not-doing'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Suggestions for a perspective's role; the field is free text because every organisation names its roles. */
export const SUGGESTED_PERSPECTIVE_ROLES = ['responder', 'support', 'product', 'database', 'customer'] as const;

export const PERSPECTIVE_FIELDS = ['saw', 'knew', 'thought', 'did'] as const;
export type PerspectiveField = (typeof PERSPECTIVE_FIELDS)[number];

/**
 * Ids are map keys and also appear inside narrative tokens (`[[event:<id>]]`), so they are kept to characters that
 * need no escaping in Markdown or URLs.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const MAX_SHORT = 200;
const MAX_TITLE = 300;
const MAX_PROSE = 100_000;
const MAX_LIST = 200;

// Intl is the only zone database every client has; constructing a formatter is slow enough to be worth caching.
const zoneCache = new Map<string, string | null>();

/** The zone name as the caller should store it, or null when Intl does not know the zone. */
export function normalizeTimeZone(zone: string): string | null {
  const cached = zoneCache.get(zone);
  if (cached !== undefined) return cached;
  let result: string | null = null;
  // Offsets such as "+01:00" are valid for Intl in newer engines but are not IANA zones and carry no DST rules.
  if (/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
      // Keep the caller's spelling unless only the case differs: ICU resolves some current names to legacy aliases
      // (Asia/Kolkata -> Asia/Calcutta), which users would not recognise.
      result = resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  zoneCache.set(zone, result);
  return result;
}

export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((zone, ctx) => {
    const normalized = normalizeTimeZone(zone);
    if (normalized === null) {
      ctx.issues.push({ code: 'custom', message: `Unknown IANA time zone "${zone}"`, input: zone });
      return z.NEVER;
    }
    return normalized;
  });

/**
 * UTC only, so that every peer orders events the same way without a zone database; stored in the canonical
 * `toISOString()` form so equal instants are equal strings.
 */
export const utcDateTimeSchema = z
  .string()
  .trim()
  .pipe(z.iso.datetime({ message: 'Expected a UTC ISO 8601 date-time ending in Z, e.g. 2026-03-10T13:52:10Z' }))
  .transform((value) => new Date(value).toISOString());

export const dateSchema = z.iso.date({ message: 'Expected a calendar date YYYY-MM-DD' });

/** An http(s) link, or the empty string for "no link". */
export const optionalUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .pipe(
    z.union([z.literal(''), z.url({ protocol: /^https?$/, message: 'Expected an http(s) URL or an empty string' })]),
  );

export const urlSchema = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, message: 'Expected an http(s) URL' }));

export const idSchema = z.string().regex(ID_PATTERN, 'Expected an id of 1-64 letters, digits, "_" or "-"');

const shortText = z.string().trim().max(MAX_SHORT);
/**
 * The account of a person who owns a question or action item (the `createdBy` of their edits), so that it reaches
 * them in their own view; `owner` keeps the name shown, and is all there is for people without an account.
 */
export const accountIdSchema = z.string().trim().min(1).max(MAX_SHORT);
const prose = z.string().max(MAX_PROSE);
const title = z.string().trim().min(1, 'Must not be empty').max(MAX_TITLE);

/** Tags are compared across incidents, so spelling variants of one tag are folded together. */
export const tagSchema = z
  .string()
  .trim()
  .min(1, 'Tags must not be empty')
  .max(64)
  .transform((tag) => tag.toLowerCase().replace(/\s+/g, '-'));

const tagList = z.array(tagSchema).max(MAX_LIST);
const idList = z.array(idSchema).max(MAX_LIST);
const urlList = z.array(urlSchema).max(MAX_LIST);

// ---------------------------------------------------------------------------------------------------------------
// Meta

const metaFields = {
  title,
  referenceTimeZone: timeZoneSchema,
  impactStart: utcDateTimeSchema.nullable(),
  impactEnd: utcDateTimeSchema.nullable(),
  severity: z.enum(SEVERITIES).nullable(),
  status: z.enum(INCIDENT_STATUSES),
};

export const metaPatchSchema = z.strictObject(metaFields).partial();
export type MetaPatch = z.input<typeof metaPatchSchema>;

export const metaInitSchema = z.strictObject({
  ...metaFields,
  referenceTimeZone: metaFields.referenceTimeZone.default('UTC'),
  impactStart: metaFields.impactStart.default(null),
  impactEnd: metaFields.impactEnd.default(null),
  severity: metaFields.severity.default(null),
  status: metaFields.status.default('investigating'),
});
export type MetaInit = z.input<typeof metaInitSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Events

// Defaults must not live on these base fields: zod applies defaults inside .partial(), which would turn every patch
// into a full overwrite.
const eventFields = {
  occurredAt: utcDateTimeSchema,
  sourceZone: timeZoneSchema,
  precision: z.enum(TIME_PRECISIONS),
  actor: shortText,
  source: z.enum(EVENT_SOURCES),
  sourceUrl: optionalUrlSchema,
  kind: z.enum(EVENT_KINDS),
  tags: tagList,
};

export const eventInputSchema = z.strictObject({
  occurredAt: eventFields.occurredAt,
  sourceZone: eventFields.sourceZone.default('UTC'),
  precision: eventFields.precision.default('minute'),
  actor: eventFields.actor.default(''),
  source: eventFields.source.default('manual'),
  sourceUrl: eventFields.sourceUrl.default(''),
  kind: eventFields.kind.default('note'),
  tags: eventFields.tags.default([]),
  text: prose.default(''),
});
export type EventInput = z.input<typeof eventInputSchema>;

export const eventPatchSchema = z.strictObject(eventFields).partial();
export type EventPatch = z.input<typeof eventPatchSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Perspectives

const perspectiveFields = {
  eventId: idSchema.nullable(),
  person: z.string().trim().min(1, 'Must not be empty').max(MAX_SHORT),
  role: shortText,
};

export const perspectiveInputSchema = z.strictObject({
  eventId: perspectiveFields.eventId.default(null),
  person: perspectiveFields.person,
  role: perspectiveFields.role.default(''),
  saw: prose.default(''),
  knew: prose.default(''),
  thought: prose.default(''),
  did: prose.default(''),
});
export type PerspectiveInput = z.input<typeof perspectiveInputSchema>;

export const perspectivePatchSchema = z.strictObject(perspectiveFields).partial();
export type PerspectivePatch = z.input<typeof perspectivePatchSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Questions

const questionFields = {
  eventId: idSchema.nullable(),
  asker: shortText,
  owner: shortText,
  ownerId: accountIdSchema.nullable(),
  status: z.enum(QUESTION_STATUSES),
  evidenceUrls: urlList,
};

export const questionInputSchema = z.strictObject({
  eventId: questionFields.eventId.default(null),
  asker: questionFields.asker.default(''),
  owner: questionFields.owner.default(''),
  ownerId: questionFields.ownerId.default(null),
  status: questionFields.status.default('open'),
  evidenceUrls: questionFields.evidenceUrls.default([]),
  text: prose.trim().min(1, 'A question needs its text'),
  answer: prose.default(''),
});
export type QuestionInput = z.input<typeof questionInputSchema>;

export const questionPatchSchema = z.strictObject(questionFields).partial();
export type QuestionPatch = z.input<typeof questionPatchSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Factors

const factorFields = {
  kind: z.enum(FACTOR_KINDS),
  title,
  eventIds: idList,
};

export const factorInputSchema = z.strictObject({
  kind: factorFields.kind.default('contributing'),
  title: factorFields.title,
  eventIds: factorFields.eventIds.default([]),
  description: prose.default(''),
});
export type FactorInput = z.input<typeof factorInputSchema>;

export const factorPatchSchema = z.strictObject(factorFields).partial();
export type FactorPatch = z.input<typeof factorPatchSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Action items

const actionItemFields = {
  title,
  owner: shortText,
  ownerId: accountIdSchema.nullable(),
  category: z.enum(ACTION_CATEGORIES),
  status: z.enum(ACTION_STATUSES),
  statusReason: z.string().trim().max(2000),
  dueDate: dateSchema.nullable(),
  trackerUrl: optionalUrlSchema,
  eventIds: idList,
  factorIds: idList,
};

export const actionItemInputSchema = z.strictObject({
  title: actionItemFields.title,
  owner: actionItemFields.owner.default(''),
  ownerId: actionItemFields.ownerId.default(null),
  category: actionItemFields.category,
  status: actionItemFields.status.default('proposed'),
  statusReason: actionItemFields.statusReason.default(''),
  dueDate: actionItemFields.dueDate.default(null),
  trackerUrl: actionItemFields.trackerUrl.default(''),
  eventIds: actionItemFields.eventIds.default([]),
  factorIds: actionItemFields.factorIds.default([]),
  description: prose.default(''),
});
export type ActionItemInput = z.input<typeof actionItemInputSchema>;

export const actionItemPatchSchema = z.strictObject(actionItemFields).partial();
export type ActionItemPatch = z.input<typeof actionItemPatchSchema>;
