/**
 * Realistic incident documents for benchmarks and tests, built through the model's own commands so that they are
 * exactly what users produce. The same options always give the same content.
 */
import {
  addActionItem,
  addEvent,
  addFactor,
  addPerspective,
  addQuestion,
  createIncidentDoc,
  eventReference,
  initIncident,
  narrativeText,
  updateMeta,
  type CommandContext,
  type EventKind,
  type EventSource,
  type TimePrecision,
} from '@parallax/model';
import * as prng from 'lib0/prng';
import type * as Y from 'yjs';

/** lib0's oneOf wants a mutable array; the constants here are readonly tuples. */
function pick<T>(gen: prng.PRNG, items: readonly T[]): T {
  const item = items[prng.int32(gen, 0, items.length - 1)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

export interface BuildIncidentOptions {
  events: number;
  /** Defaults to 1. */
  seed?: number;
}

const PEOPLE = [
  { name: 'Priya Raman', zone: 'Asia/Kolkata', role: 'responder' },
  { name: 'Jonas Weber', zone: 'Europe/Berlin', role: 'responder' },
  { name: 'Maya Cho', zone: 'America/New_York', role: 'incident commander' },
  { name: 'Leo Martins', zone: 'America/Sao_Paulo', role: 'product' },
  { name: 'Sam Okafor', zone: 'Europe/London', role: 'support' },
  { name: 'Aiko Tanaka', zone: 'Asia/Tokyo', role: 'database' },
  { name: 'Noah Fischer', zone: 'Europe/Zurich', role: 'responder' },
  { name: 'Lucía Gómez', zone: 'Europe/Madrid', role: 'support' },
  { name: 'Kwame Mensah', zone: 'Africa/Accra', role: 'responder' },
  { name: 'Emily Park', zone: 'America/Los_Angeles', role: 'product' },
  { name: 'Arjun Mehta', zone: 'Asia/Singapore', role: 'database' },
  { name: 'Olivia Brown', zone: 'Australia/Sydney', role: 'customer' },
] as const;

const SYSTEMS = ['atlas-api', 'atlas-db', 'gandalf-web', 'checkout', 'search', 'billing', 'edge-proxy', 'queue'];
const TAGS = [...SYSTEMS, 'latency', 'errors', 'capacity', 'deploy', 'feature-flag', 'customer-impact', 'paging'];

// Weighted like a real channel: mostly chat, then alerts and logs.
const SOURCES: EventSource[] = [
  'chat',
  'chat',
  'chat',
  'chat',
  'alert',
  'alert',
  'log',
  'deploy',
  'interview',
  'manual',
];
const KINDS: EventKind[] = [
  'diagnosis',
  'diagnosis',
  'diagnosis',
  'communication',
  'communication',
  'action',
  'repair',
  'detection',
  'note',
  'key-moment',
];
const PRECISIONS: TimePrecision[] = ['exact', 'exact', 'exact', 'minute', 'approximate'];

const OPENINGS = [
  'looking at',
  'I think',
  'confirmed that',
  'not sure yet, but',
  'heads up:',
  'rolling back',
  'paging the owner of',
  'customers report that',
  'the dashboard shows',
  'we just saw',
];
const PHRASES = [
  'p99 latency on {s} is above two seconds',
  'error rate on {s} doubled since the last deploy',
  'connection pool on {s} looks saturated',
  'the slow query log is dominated by one statement',
  'replicas are fine, the primary is at 95% CPU',
  'scaling {s} from 12 to 24 pods',
  'the feature flag is now at 0% for all accounts',
  'request rate is about three times the same hour last week',
  'support has forty tickets about order history',
  'the status page now says investigating',
  'no change on {s} today, checking upstream callers',
  'the synthetic check in eu-west is failing again',
  'queue depth on {s} keeps growing',
  'a retry storm from {s} might be amplifying the load',
];

function sentence(gen: prng.PRNG): string {
  const body = pick(gen, PHRASES).replace('{s}', pick(gen, SYSTEMS));
  const text = prng.bool(gen) ? `${pick(gen, OPENINGS)} ${body}` : body;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function prose(gen: prng.PRNG, minSentences: number, maxSentences: number): string {
  const count = prng.int32(gen, minSentences, maxSentences);
  return Array.from({ length: count }, () => sentence(gen)).join(' ');
}

function hexId(gen: prng.PRNG): string {
  let id = '';
  for (let index = 0; index < 4; index++) id += prng.uint32(gen, 0, 0xffffffff).toString(16).padStart(8, '0');
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
}

function sourceUrl(gen: prng.PRNG, source: EventSource, at: number): string {
  switch (source) {
    case 'chat':
      return `https://chat.example.com/archives/C0INC/p${Math.floor(at / 1000)}000000`;
    case 'alert':
      return `https://pager.example.com/incidents/${prng.int32(gen, 1000, 9999)}`;
    case 'deploy':
      return `https://deploys.example.com/${pick(gen, SYSTEMS)}/${prng.int32(gen, 100, 999)}`;
    case 'log':
      return prng.bool(gen) ? `https://logs.example.com/search?q=${pick(gen, SYSTEMS)}` : '';
    default:
      return '';
  }
}

/**
 * An incident with `events` events spread over a long response (bursts of chat, quiet stretches, alerts, deploys),
 * plus perspectives, questions, factors and action items in proportion, and a narrative citing some events.
 */
export function buildIncidentDoc(options: BuildIncidentOptions): Y.Doc {
  const { events, seed = 1 } = options;
  if (!Number.isInteger(events) || events < 0) throw new RangeError(`events must be a non-negative integer: ${events}`);
  const gen = prng.create(seed);
  const doc = createIncidentDoc();
  let clock = Date.parse('2026-03-12T09:00:00.000Z');
  const ctx: CommandContext = {
    userId: 'factory',
    now: () => new Date((clock += 250)),
    newId: () => hexId(gen),
  };
  const start = Date.parse('2026-03-10T13:00:00.000Z') + prng.int32(gen, 0, 59) * 60_000;

  doc.transact(() => {
    initIncident(
      doc,
      {
        title: `Generated incident ${seed}: ${pick(gen, SYSTEMS)} degraded`,
        severity: pick(gen, ['SEV1', 'SEV2', 'SEV3'] as const),
        referenceTimeZone: pick(gen, PEOPLE).zone,
        impactStart: new Date(start).toISOString(),
        status: 'in-review',
      },
      ctx,
    );
    const eventIds: string[] = [];
    let at = start;
    for (let index = 0; index < events; index++) {
      // Mostly seconds apart in a burst, now and then a quiet stretch: 10,000 events span about two days.
      at += prng.int32(gen, 0, 99) === 0 ? prng.int32(gen, 5, 30) * 60_000 : prng.int32(gen, 1, 15) * 1000;
      const person = pick(gen, PEOPLE);
      const source = pick(gen, SOURCES);
      const tags = TAGS.filter(() => prng.int32(gen, 0, 7) === 0).slice(0, 4);
      eventIds.push(
        addEvent(
          doc,
          {
            occurredAt: new Date(at).toISOString(),
            sourceZone: source === 'alert' ? 'UTC' : person.zone,
            precision: pick(gen, PRECISIONS),
            actor: source === 'alert' ? 'PagerBot' : person.name,
            source,
            sourceUrl: sourceUrl(gen, source, at),
            kind: pick(gen, KINDS),
            tags,
            text: prose(gen, 1, 4),
          },
          ctx,
        ),
      );
    }
    if (events > 0) {
      // Impact ends well before the last event: the tail of a timeline is clean-up and follow-up.
      updateMeta(doc, { impactEnd: new Date(start + Math.floor((at - start) * 0.8)).toISOString() }, ctx);
    }
    const pickEvent = () => (eventIds.length > 0 ? pick(gen, eventIds) : null);

    for (let index = 0; index < Math.ceil(events / 25); index++) {
      const person = pick(gen, PEOPLE);
      addPerspective(
        doc,
        {
          eventId: pickEvent(),
          person: person.name,
          role: person.role,
          saw: prose(gen, 1, 2),
          knew: prose(gen, 0, 2),
          thought: prose(gen, 1, 2),
          did: prose(gen, 1, 2),
        },
        ctx,
      );
    }
    for (let index = 0; index < Math.ceil(events / 40); index++) {
      const answered = prng.int32(gen, 0, 3) === 0;
      addQuestion(
        doc,
        {
          eventId: prng.int32(gen, 0, 4) === 0 ? null : pickEvent(),
          asker: pick(gen, PEOPLE).name,
          owner: pick(gen, PEOPLE).name,
          status: answered ? 'answered' : pick(gen, ['open', 'open', 'parked'] as const),
          text: `Why ${sentence(gen).toLowerCase().replace(/\.$/, '?')}`,
          answer: answered ? prose(gen, 1, 2) : '',
        },
        ctx,
      );
    }
    const factorIds: string[] = [];
    for (let index = 0; index < Math.min(40, Math.ceil(events / 100)); index++) {
      const linked = [pickEvent(), pickEvent()].filter((id): id is string => id !== null);
      factorIds.push(
        addFactor(
          doc,
          {
            kind: pick(gen, ['contributing', 'contributing', 'went-well', 'lucky', 'insight'] as const),
            title: sentence(gen),
            description: prose(gen, 1, 3),
            eventIds: [...new Set(linked)],
          },
          ctx,
        ),
      );
    }
    for (let index = 0; index < Math.min(30, Math.ceil(events / 150)); index++) {
      const status = pick(gen, ['proposed', 'accepted', 'in-progress', 'done', 'not-doing'] as const);
      const event = pickEvent();
      addActionItem(
        doc,
        {
          title: sentence(gen),
          owner: pick(gen, PEOPLE).name,
          category: pick(gen, ['detect', 'diagnose', 'mitigate', 'resolve', 'prevent', 'learn', 'process'] as const),
          status,
          statusReason: status === 'not-doing' ? 'Covered by another item.' : '',
          eventIds: event ? [event] : [],
          factorIds: factorIds.length > 0 ? [pick(gen, factorIds)] : [],
        },
        ctx,
      );
    }
    const cited = eventIds.filter((_, index) => index % Math.max(1, Math.floor(eventIds.length / 12)) === 0);
    const paragraphs = cited.map((id) => `${prose(gen, 1, 3)} ${eventReference(id)}`);
    narrativeText(doc).insert(0, `${['## What happened', ...paragraphs].join('\n\n')}\n`);
  });
  return doc;
}
