/**
 * The demo incident: an invented SEV2 (INC-2291, 2026-03-10) in which a new "export all orders" feature in the Gandalf
 * web app sent order-history lookups with huge id lists to the Atlas API, tripping a years-old query-plan problem on
 * the Atlas primary database. Transcribed by hand from the Slack export, alert CSV and deploy log of the
 * gandalf-atlas fixture so that the product ships with it; times are the fixture's, in UTC.
 */
import type * as Y from 'yjs';
import type { CommandContext } from '../context.ts';
import { addActionItem } from '../commands/action-items.ts';
import { addEvent } from '../commands/events.ts';
import { addFactor } from '../commands/factors.ts';
import { initIncident } from '../commands/meta.ts';
import { addPerspective } from '../commands/perspectives.ts';
import { addQuestion } from '../commands/questions.ts';
import { narrativeText } from '../doc.ts';
import { eventReference } from '../narrative.ts';
import type { ActionItemInput, EventInput, FactorInput, PerspectiveInput, QuestionInput } from '../schema.ts';

const PEOPLE = {
  priya: { name: 'Priya Raman', zone: 'Asia/Kolkata' },
  jonas: { name: 'Jonas Weber', zone: 'Europe/Berlin' },
  maya: { name: 'Maya Cho', zone: 'America/New_York' },
  leo: { name: 'Leo Martins', zone: 'America/Sao_Paulo' },
  sam: { name: 'Sam Okafor', zone: 'Europe/London' },
  aiko: { name: 'Aiko Tanaka', zone: 'Asia/Tokyo' },
  pagerbot: { name: 'PagerBot', zone: 'UTC' },
} as const;
type Person = keyof typeof PEOPLE;

const CHANNEL = 'https://gandalf-atlas.slack.com/archives/C0INC2291';

/** Slack permalinks are the message ts without its dot; thread replies also name their parent. */
function slack(ts: string, threadTs?: string): string {
  const link = `${CHANNEL}/p${ts.replace('.', '')}`;
  return threadTs ? `${link}?thread_ts=${threadTs}&cid=C0INC2291` : link;
}

function chat(person: Person, ts: string, rest: Omit<EventInput, 'occurredAt'>, threadTs?: string): EventInput {
  return {
    occurredAt: new Date(Number(ts) * 1000).toISOString(),
    sourceZone: PEOPLE[person].zone,
    precision: 'exact',
    actor: PEOPLE[person].name,
    source: 'chat',
    sourceUrl: slack(ts, threadTs),
    ...rest,
  };
}

function alert(occurredAt: string, incident: number, rest: Omit<EventInput, 'occurredAt'>): EventInput {
  return {
    occurredAt,
    sourceZone: 'UTC',
    precision: 'exact',
    actor: PEOPLE.pagerbot.name,
    source: 'alert',
    sourceUrl: `https://pager.example.com/incidents/${incident}`,
    ...rest,
  };
}

function deploy(person: Person, occurredAt: string, path: string, rest: Omit<EventInput, 'occurredAt'>): EventInput {
  return {
    occurredAt,
    sourceZone: PEOPLE[person].zone,
    precision: 'exact',
    actor: PEOPLE[person].name,
    source: 'deploy',
    sourceUrl: `https://deploys.example.com/${path}`,
    ...rest,
  };
}

const EVENTS = {
  atlasDeploy: deploy('jonas', '2026-03-09T09:12:00Z', 'atlas-api/2026.03.09-1', {
    kind: 'note',
    tags: ['atlas-api', 'deploy'],
    text: 'atlas-api 2026.03.09-1: dependency bumps, no functional change. The last Atlas deploy before the incident.',
  }),
  flagOn: deploy('leo', '2026-03-10T13:35:00Z', 'gandalf-web/2026.03.10-2', {
    kind: 'key-moment',
    tags: ['gandalf-web', 'feature-flag', 'bulk-export'],
    text: "gandalf-web 2026.03.10-2: enable 'export all orders' for 5% of business accounts (flag: bulk_export).",
  }),
  latencyStarts: {
    occurredAt: '2026-03-10T13:40:00Z',
    sourceZone: 'UTC',
    precision: 'approximate',
    actor: 'atlas-api',
    source: 'log',
    kind: 'key-moment',
    tags: ['atlas-api', 'latency', 'customer-impact'],
    text: 'atlas-api p99 latency starts to climb, as seen afterwards on the Atlas dashboards ("since ~13:40").',
  },
  p99Alert: alert('2026-03-10T13:52:10Z', 5481, {
    kind: 'detection',
    tags: ['atlas-api', 'alert', 'latency'],
    text: 'TRIGGERED: atlas-api p99 latency > 2s for 5m (urgency high, escalation policy atlas-primary).',
  }),
  ack: chat('priya', '1773150820.000000', {
    kind: 'diagnosis',
    tags: ['atlas-api'],
    text: 'ack. looking at atlas dashboards, p99 climbing since ~13:40',
  }),
  trafficUp: chat('priya', '1773150962.000000', {
    kind: 'diagnosis',
    tags: ['atlas-api', 'traffic'],
    text: 'request rate on atlas-api is up ~3x vs same time last week. no deploys on atlas today',
  }),
  scaleOut: chat('priya', '1773151110.000000', {
    kind: 'repair',
    tags: ['atlas-api', 'capacity'],
    text: 'scaling atlas-api from 12 to 24 pods as a first step',
  }),
  cpuAlert: alert('2026-03-10T14:02:31Z', 5482, {
    kind: 'detection',
    tags: ['atlas-db', 'alert'],
    text: 'TRIGGERED: atlas-db primary CPU > 90% (urgency high, escalation policy atlas-primary).',
  }),
  poolSaturated: chat('priya', '1773151451.000000', {
    kind: 'diagnosis',
    tags: ['atlas-api', 'atlas-db', 'capacity'],
    text: 'pods are up but latency not improving. db connection pool looks saturated?',
  }),
  sev2: chat('priya', '1773151545.000000', {
    kind: 'key-moment',
    tags: ['escalation'],
    text: 'declaring SEV2, paging @jonas.weber',
  }),
  syntheticFailing: alert('2026-03-10T14:08:02Z', 5483, {
    kind: 'detection',
    tags: ['order-history', 'alert', 'customer-impact'],
    text: 'TRIGGERED: synthetic check "order history" failing in eu-west (urgency low, escalation policy web-frontend).',
  }),
  mayaIc: chat('maya', '1773151760.000000', {
    kind: 'key-moment',
    tags: ['coordination'],
    text: "I'll take IC. @priya.raman what do we know so far?",
  }),
  summary: chat(
    'priya',
    '1773151805.000000',
    {
      kind: 'communication',
      tags: ['coordination'],
      text: "3x traffic, more pods didn't help, db pool saturated. no atlas changes today",
    },
    '1773151760.000000',
  ),
  supportTickets: chat('sam', '1773151968.000000', {
    kind: 'detection',
    tags: ['support', 'customer-impact', 'order-history'],
    text: "support here: 40+ tickets in 20 min, customers can't load order history. anything I can tell them?",
  }),
  statusPageAsk: chat('maya', '1773152070.000000', {
    kind: 'communication',
    tags: ['status-page', 'support'],
    text: "@sam.okafor please post 'investigating degraded order history' on the status page",
  }),
  jonasJoins: chat('jonas', '1773152102.000000', {
    kind: 'diagnosis',
    tags: ['atlas-db'],
    text: 'joining. looking at slow query log on atlas primary',
  }),
  syntheticRecovered: alert('2026-03-10T14:20:40Z', 5483, {
    kind: 'note',
    tags: ['order-history', 'alert'],
    text: 'RESOLVED: synthetic check "order history" in eu-west, while the Atlas alerts stayed open.',
  }),
  slowQuery: chat('jonas', '1773152497.000000', {
    kind: 'diagnosis',
    tags: ['atlas-db', 'query-plan'],
    text: 'one query dominates: order_history_by_customer with a huge IN list. that code path is old, rarely hit',
  }),
  seqScan: chat('aiko', '1773152590.000000', {
    kind: 'diagnosis',
    tags: ['atlas-db', 'query-plan', 'replicas'],
    text: 'db side: primary cpu at 95%, replicas fine. the IN-list query does a seq scan when the list is > 1000 items',
  }),
  whoCalls: chat('maya', '1773152815.000000', {
    kind: 'diagnosis',
    tags: ['cross-team'],
    text: 'who calls that path with big lists? anything changed upstream?',
  }),
  topCaller: chat('priya', '1773153080.000000', {
    kind: 'diagnosis',
    tags: ['gandalf-web', 'cross-team'],
    text: "top caller by volume is gandalf-web. i don't know what gandalf changed, pinging #gandalf",
  }),
  gandalfJoins: chat('leo', '1773153843.000000', {
    kind: 'key-moment',
    tags: ['gandalf-web', 'bulk-export', 'cross-team'],
    text: "hi, gandalf here. we launched 'export all orders' for business customers at 13:35. it calls atlas order history per customer",
  }),
  flagContext: chat(
    'leo',
    '1773153930.000000',
    {
      kind: 'note',
      tags: ['feature-flag', 'bulk-export'],
      text: "we didn't think it would be much load, it was behind a flag for 5% of business accounts",
    },
    '1773153843.000000',
  ),
  flagOffAsk: chat('maya', '1773154032.000000', {
    kind: 'action',
    tags: ['feature-flag'],
    text: 'can we turn the flag off?',
  }),
  flagOff: deploy('leo', '2026-03-10T14:49:31Z', 'gandalf-web/flags/bulk_export', {
    kind: 'repair',
    tags: ['gandalf-web', 'feature-flag', 'bulk-export'],
    text: 'bulk_export flag set to 0% ("flag off for all accounts now" in the channel at 14:49:40).',
  }),
  recovering: chat('priya', '1773154695.000000', {
    kind: 'key-moment',
    tags: ['atlas-api', 'recovery'],
    text: 'request rate back to normal, p99 down to 400ms and falling',
  }),
  p99Resolved: alert('2026-03-10T15:02:00Z', 5481, {
    kind: 'key-moment',
    tags: ['atlas-api', 'alert', 'recovery'],
    text: 'RESOLVED: atlas-api p99 latency > 2s. (atlas-db primary CPU had resolved at 14:59:10.)',
  }),
  statusMonitoring: chat('sam', '1773155070.000000', {
    kind: 'communication',
    tags: ['support', 'status-page', 'recovery'],
    text: 'ticket inflow has stopped. updating status page to monitoring',
  }),
  planFlip: chat('jonas', '1773155422.000000', {
    kind: 'diagnosis',
    tags: ['atlas-db', 'query-plan', 'bulk-export'],
    text: "the IN-list bug has been there for years. any list over ~1000 ids flips the plan. gandalf's export sends up to 20k ids",
  }),
} satisfies Record<string, EventInput>;

export type GandalfAtlasEventKey = keyof typeof EVENTS;
type EventIds = Record<GandalfAtlasEventKey, string>;

export const GANDALF_ATLAS_EVENT_COUNT = Object.keys(EVENTS).length;

function perspectives(e: EventIds): PerspectiveInput[] {
  return [
    {
      eventId: e.scaleOut,
      person: PEOPLE.priya.name,
      role: 'responder',
      saw: 'atlas-api p99 climbing since about 13:40 and the request rate at roughly three times the same time last week.',
      knew: 'Atlas had not deployed that day, so the change had to be in the traffic.',
      thought: 'A load spike that more pods would absorb. (From the channel; to confirm in the interview.)',
      did: 'Scaled atlas-api from 12 to 24 pods, saw latency stay high and the database connection pool saturate, and declared a SEV2.',
    },
    {
      eventId: e.supportTickets,
      person: PEOPLE.sam.name,
      role: 'support',
      saw: 'More than 40 tickets in 20 minutes: customers could not load their order history.',
      knew: 'Nothing about the cause yet, and nothing to tell customers.',
      thought: 'Customers needed to hear from us on the status page quickly.',
      did: 'Asked the channel for a message, then found he had no edit rights on the status page and had to find someone who had.',
    },
    {
      eventId: e.seqScan,
      person: PEOPLE.aiko.name,
      role: 'database',
      saw: 'Primary CPU at 95% while the replicas were fine.',
      knew: 'The order_history_by_customer IN-list query switches to a sequential scan above about 1000 items.',
      thought: 'A database symptom of something upstream rather than a capacity problem.',
      did: 'Confirmed the query plan in the channel; noted afterwards that checkout reads go to the replicas, which kept checkout working.',
    },
    {
      eventId: e.flagOn,
      person: PEOPLE.leo.name,
      role: 'product',
      saw: "The 'export all orders' launch going out to 5% of business accounts at 13:35.",
      knew: 'The team had asked in #atlas-dev the month before whether bulk lookups were fine, and got a thumbs up.',
      thought: 'Behind a 5% flag the extra load would be small.',
      did: 'Joined when #gandalf was pinged, explained the launch, and set the flag to 0% about five minutes later.',
    },
    {
      eventId: e.whoCalls,
      person: PEOPLE.maya.name,
      role: 'incident commander',
      saw: 'Atlas responders converging on one slow query, with no Atlas change to explain it.',
      knew: 'Support had customers waiting for an update.',
      thought: 'Something upstream must have changed.',
      did: 'Asked who calls that path; once Gandalf joined, asked for the flag to be turned off, then scheduled the learning review.',
    },
  ];
}

function questions(e: EventIds): QuestionInput[] {
  return [
    {
      eventId: e.flagOn,
      asker: PEOPLE.maya.name,
      owner: PEOPLE.jonas.name,
      text: 'Why did the bulk-lookup question in #atlas-dev last month not bring up the ~1000-id limit?',
      evidenceUrls: [slack('1773156005.000000')],
    },
    {
      eventId: e.statusPageAsk,
      asker: PEOPLE.maya.name,
      owner: PEOPLE.sam.name,
      text: 'When did the status page actually change, and what did customers see until then?',
      evidenceUrls: [slack('1773156670.000000')],
    },
    {
      eventId: e.syntheticRecovered,
      asker: PEOPLE.aiko.name,
      owner: PEOPLE.priya.name,
      text: 'Why did the eu-west order-history synthetic check recover at 14:20 while customers were still affected?',
    },
    {
      eventId: e.topCaller,
      asker: PEOPLE.priya.name,
      owner: PEOPLE.maya.name,
      text: 'What could have shown Atlas responders what had changed at their top caller before Gandalf joined at 14:44?',
    },
    {
      eventId: e.trafficUp,
      asker: PEOPLE.jonas.name,
      owner: PEOPLE.jonas.name,
      status: 'answered',
      text: 'Did anything change on Atlas that day?',
      answer: 'No. The last atlas-api deploy was 2026-03-09 09:12 UTC, dependency bumps only.',
    },
    {
      eventId: null,
      asker: PEOPLE.jonas.name,
      owner: PEOPLE.leo.name,
      status: 'parked',
      text: 'How many business accounts ran an export before the flag went off, and how long were their id lists?',
    },
  ];
}

type FactorKey =
  'planFlip' | 'exportSize' | 'thumbsUp' | 'callerChange' | 'statusRights' | 'flag' | 'replicas' | 'capacity';

function factors(e: EventIds): Record<FactorKey, FactorInput> {
  return {
    planFlip: {
      title: 'order_history_by_customer switches to a sequential scan for IN lists over ~1000 ids',
      description: 'A years-old plan problem on a code path that was rarely hit until the export feature used it.',
      eventIds: [e.slowQuery, e.seqScan, e.planFlip],
    },
    exportSize: {
      title: "'Export all orders' sends up to 20,000 ids per order-history lookup",
      eventIds: [e.flagOn, e.gandalfJoins, e.planFlip],
    },
    thumbsUp: {
      title: 'The #atlas-dev answer about bulk lookups did not carry the list-size limit',
      description: 'Gandalf asked; the answer was a thumbs up. Nobody in the thread mentioned the limit.',
      eventIds: [e.flagOn, e.flagContext],
    },
    callerChange: {
      title: 'Atlas could see gandalf-web as the top caller, but not what had changed there',
      eventIds: [e.topCaller, e.gandalfJoins],
    },
    statusRights: {
      title: 'The support lead on the incident had no edit rights on the status page',
      eventIds: [e.statusPageAsk, e.statusMonitoring],
    },
    flag: {
      kind: 'went-well',
      title: 'A feature flag let Gandalf stop the extra load within minutes of being asked',
      eventIds: [e.flagOffAsk, e.flagOff, e.recovering],
    },
    replicas: {
      kind: 'lucky',
      title: 'The replicas were unaffected, and checkout reads go to them',
      eventIds: [e.seqScan],
    },
    capacity: {
      kind: 'insight',
      title: 'Adding pods could not help: the bottleneck was one query plan on the primary',
      eventIds: [e.scaleOut, e.poolSaturated],
    },
  };
}

function actionItems(e: EventIds, f: Record<FactorKey, string>): ActionItemInput[] {
  return [
    {
      title: 'Stop order_history_by_customer from sequential-scanning long id lists',
      description: 'Batch the lookup or join against an array parameter; add a regression test with 20k ids.',
      owner: PEOPLE.jonas.name,
      category: 'prevent',
      status: 'accepted',
      dueDate: '2026-04-10',
      trackerUrl: 'https://tracker.example.com/ATLAS-812',
      eventIds: [e.slowQuery, e.planFlip],
      factorIds: [f.planFlip],
    },
    {
      title: 'Document and enforce a maximum id-list size on the Atlas order-history API',
      owner: PEOPLE.jonas.name,
      category: 'prevent',
      factorIds: [f.planFlip, f.thumbsUp],
    },
    {
      title: 'Show recent deploys and flag changes of top callers next to Atlas latency alerts',
      owner: PEOPLE.priya.name,
      category: 'diagnose',
      eventIds: [e.topCaller],
      factorIds: [f.callerChange],
    },
    {
      title: 'Give the support lead on duty edit rights on the status page',
      owner: PEOPLE.sam.name,
      category: 'process',
      status: 'in-progress',
      eventIds: [e.statusPageAsk],
      factorIds: [f.statusRights],
    },
    {
      title: 'Keep bulk_export at 0% until the Atlas fix ships, then ramp up with Atlas watching',
      owner: PEOPLE.leo.name,
      category: 'mitigate',
      status: 'done',
      eventIds: [e.flagOff],
      factorIds: [f.exportSize],
    },
    {
      title: 'Raise the atlas-api pod ceiling',
      owner: PEOPLE.priya.name,
      category: 'mitigate',
      status: 'not-doing',
      statusReason: 'Capacity was not the bottleneck; more pods only added connections to a saturated primary.',
      eventIds: [e.scaleOut],
      factorIds: [f.capacity],
    },
  ];
}

function narrative(e: EventIds): string {
  const ref = (key: GandalfAtlasEventKey) => eventReference(e[key]);
  return [
    '## What happened',
    '',
    `At 13:35 UTC Gandalf turned on "export all orders" for 5% of business accounts ${ref('flagOn')}. ` +
      `Each export asked Atlas for a customer's order history with up to 20,000 ids, and from about 13:40 ` +
      `atlas-api latency climbed ${ref('latencyStarts')}.`,
    '',
    `Priya, on call for Atlas, saw three times the usual traffic and no Atlas change ${ref('trafficUp')}, and ` +
      `added pods ${ref('scaleOut')}. It did not help ${ref('poolSaturated')}: the load was one query on the primary, ` +
      `which Jonas and Aiko found in the slow query log ${ref('slowQuery')} ${ref('seqScan')}.`,
    '',
    `Finding out what had changed took the Atlas responders to the Gandalf team ${ref('topCaller')} ` +
      `${ref('gandalfJoins')}. Minutes later the flag was off ${ref('flagOff')} and latency recovered ` +
      `${ref('recovering')}.`,
    '',
    '## Still open',
    '',
    'Gandalf had asked about bulk lookups in #atlas-dev beforehand. Why that conversation did not surface the ' +
      'list-size limit is the question this review most wants to understand.',
    '',
  ].join('\n');
}

export interface GandalfAtlasSeed {
  eventIds: EventIds;
}

/** Writes the whole demo incident into an empty document, as one transaction. */
export function seedGandalfAtlas(doc: Y.Doc, ctx: CommandContext): GandalfAtlasSeed {
  return doc.transact(() => {
    initIncident(
      doc,
      {
        title: "INC-2291: Atlas order history slow after the 'export all orders' launch",
        severity: 'SEV2',
        // Responders sat in six zones; UTC favours none of them.
        referenceTimeZone: 'UTC',
        impactStart: '2026-03-10T13:40:00Z',
        impactEnd: '2026-03-10T15:02:00Z',
        status: 'in-review',
      },
      ctx,
    );
    const eventIds = {} as EventIds;
    for (const [key, input] of Object.entries(EVENTS) as [GandalfAtlasEventKey, EventInput][]) {
      eventIds[key] = addEvent(doc, input, ctx);
    }
    for (const input of perspectives(eventIds)) addPerspective(doc, input, ctx);
    for (const input of questions(eventIds)) addQuestion(doc, input, ctx);
    const factorIds = {} as Record<FactorKey, string>;
    for (const [key, input] of Object.entries(factors(eventIds)) as [FactorKey, FactorInput][]) {
      factorIds[key] = addFactor(doc, input, ctx);
    }
    for (const input of actionItems(eventIds, factorIds)) addActionItem(doc, input, ctx);
    narrativeText(doc).insert(0, narrative(eventIds));
    return { eventIds };
  }, ctx.origin ?? null);
}
