/**
 * Peers that have seen the same updates, in any order, with duplicates and delays, must show the same incident.
 * Modelled on Yjs's own tests: seeded randomness, in-memory delivery through Y.applyUpdate. A failing run names its
 * seed; rerun just that one with PARALLAX_SEED=<seed> npx vitest run packages/model/src/convergence.test.ts
 */
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvent, addEventTag, deleteEvent, removeEventTag, updateEvent } from './commands/events.ts';
import { addFactor } from './commands/factors.ts';
import { initIncident, updateMeta } from './commands/meta.ts';
import { addQuestion } from './commands/questions.ts';
import type { CommandContext } from './context.ts';
import { createIncidentDoc, eventText } from './doc.ts';
import { projectIncident } from './projection.ts';
import { listEvents } from './readers.ts';
import { EVENT_KINDS, INCIDENT_STATUSES, SEVERITIES, TIME_PRECISIONS } from './schema.ts';

const REMOTE = Symbol('remote');
const TAGS = ['db', 'paging', 'customer-impact', 'deploy', 'flag', 'capacity'];
const ACTORS = ['Priya', 'Jonas', 'Maya', 'Leo', 'Sam', 'Aiko'];

/** lib0's oneOf wants a mutable array; the constants here are readonly tuples. */
function pick<T>(gen: prng.PRNG, items: readonly T[]): T {
  const item = items[prng.int32(gen, 0, items.length - 1)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

interface Message {
  to: number;
  update: Uint8Array;
}

interface RunResult {
  opCounts: Record<string, number>;
  outOfOrderApplies: number;
  duplicateApplies: number;
  sharedText: string;
}

function runConvergence(seed: number, peerCount: number, operations: number): RunResult {
  const gen = prng.create(seed);
  const docs = Array.from({ length: peerCount }, (_, index) => {
    const doc = createIncidentDoc();
    // Yjs breaks ties by client id; fixing them makes a seed replay exactly.
    doc.clientID = index + 1;
    return doc;
  });
  let clock = Date.parse('2026-03-11T09:00:00.000Z');
  const contexts: CommandContext[] = docs.map((_, index) => {
    let next = 0;
    return {
      userId: `peer-${index}`,
      // Peers share a coarse clock so that createdAt ties happen and the id tie-break is exercised.
      now: () => new Date(clock),
      newId: () => `p${index}-${++next}`,
    };
  });
  const queue: Message[] = [];
  docs.forEach((doc, from) => {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      for (let to = 0; to < peerCount; to++) if (to !== from) queue.push({ to, update });
    });
  });

  const result: RunResult = { opCounts: {}, outOfOrderApplies: 0, duplicateApplies: 0, sharedText: '' };
  const delivered = new Set<Message>();
  const deliver = (index: number, keepForDuplicate: boolean) => {
    const message = queue[index];
    if (!message) throw new Error(`no message at ${index}`);
    if (keepForDuplicate) {
      // Leave it queued: it will be applied again later, as a flaky network or a reconnect would.
    } else {
      queue.splice(index, 1);
    }
    const doc = docs[message.to];
    if (!doc) throw new Error(`no peer ${message.to}`);
    if (delivered.has(message)) result.duplicateApplies++;
    delivered.add(message);
    Y.applyUpdate(doc, message.update, REMOTE);
    if (doc.store.pendingStructs !== null) result.outOfOrderApplies++;
  };

  // One event everybody edits at once, created and synced before the storm.
  initIncident(docs[0] as Y.Doc, { title: 'Convergence' }, contexts[0] as CommandContext);
  const sharedId = addEvent(
    docs[0] as Y.Doc,
    { occurredAt: '2026-03-10T13:52:10Z', text: 'shared: ' },
    contexts[0] as CommandContext,
  );
  while (queue.length > 0) deliver(0, false);

  const pickEvent = (doc: Y.Doc, includeShared: boolean) => {
    const ids = listEvents(doc)
      .map((event) => event.id)
      .filter((id) => includeShared || id !== sharedId);
    return ids.length > 0 ? pick(gen, ids) : undefined;
  };
  const randomTime = () =>
    new Date(
      Date.parse('2026-03-10T13:00:00Z') + prng.int32(gen, 0, 120) * 60_000 + prng.int32(gen, 0, 2) * 1000,
    ).toISOString();

  const operationsByName: Record<string, (doc: Y.Doc, ctx: CommandContext) => boolean> = {
    addEvent: (doc, ctx) => {
      addEvent(
        doc,
        {
          occurredAt: randomTime(),
          actor: pick(gen, ACTORS),
          kind: pick(gen, EVENT_KINDS),
          tags: prng.bool(gen) ? [pick(gen, TAGS)] : [],
          text: prng.word(gen, 0, 30),
        },
        ctx,
      );
      return true;
    },
    updateEvent: (doc, ctx) => {
      const id = pickEvent(doc, true);
      if (!id) return false;
      const patch = pick(gen, [
        () => ({ occurredAt: randomTime() }),
        () => ({ actor: pick(gen, ACTORS) }),
        () => ({ kind: pick(gen, EVENT_KINDS), precision: pick(gen, TIME_PRECISIONS) }),
        () => ({ tags: TAGS.filter(() => prng.bool(gen)) }),
      ])();
      updateEvent(doc, id, patch, ctx);
      return true;
    },
    deleteEvent: (doc, ctx) => {
      const id = pickEvent(doc, false);
      if (!id) return false;
      deleteEvent(doc, id, ctx);
      return true;
    },
    insertSharedText: (doc) => {
      const text = eventText(doc, sharedId);
      if (!text) throw new Error('shared event text missing');
      text.insert(prng.int32(gen, 0, text.length), pick(gen, [prng.word(gen, 1, 6), ' ', 'ä', '🔥']));
      return true;
    },
    deleteSharedText: (doc) => {
      const text = eventText(doc, sharedId);
      if (!text || text.length === 0) return false;
      const index = prng.int32(gen, 0, text.length - 1);
      text.delete(index, Math.min(prng.int32(gen, 1, 4), text.length - index));
      return true;
    },
    addTag: (doc, ctx) => {
      const id = pickEvent(doc, true);
      if (!id) return false;
      addEventTag(doc, id, pick(gen, TAGS), ctx);
      return true;
    },
    removeTag: (doc, ctx) => {
      const id = pickEvent(doc, true);
      if (!id) return false;
      removeEventTag(doc, id, pick(gen, TAGS), ctx);
      return true;
    },
    editMeta: (doc, ctx) => {
      const patch = pick(gen, [
        () => ({ title: `Incident ${prng.word(gen, 1, 8)}` }),
        () => ({ severity: prng.bool(gen) ? pick(gen, SEVERITIES) : null }),
        () => ({ status: pick(gen, INCIDENT_STATUSES) }),
      ])();
      updateMeta(doc, patch, ctx);
      return true;
    },
    addQuestion: (doc, ctx) => {
      addQuestion(doc, { eventId: pickEvent(doc, false) ?? null, text: `why ${prng.word(gen, 1, 8)}?` }, ctx);
      return true;
    },
    addFactor: (doc, ctx) => {
      const id = pickEvent(doc, false);
      addFactor(doc, { title: `factor ${prng.word(gen, 1, 8)}`, eventIds: id ? [id] : [] }, ctx);
      return true;
    },
  };
  const weighted: string[] = [
    ...Array<string>(14).fill('addEvent'),
    ...Array<string>(14).fill('updateEvent'),
    ...Array<string>(5).fill('deleteEvent'),
    ...Array<string>(22).fill('insertSharedText'),
    ...Array<string>(12).fill('deleteSharedText'),
    ...Array<string>(12).fill('addTag'),
    ...Array<string>(4).fill('removeTag'),
    ...Array<string>(8).fill('editMeta'),
    ...Array<string>(5).fill('addQuestion'),
    ...Array<string>(4).fill('addFactor'),
  ];

  for (let step = 0; step < operations; step++) {
    const peer = prng.int32(gen, 0, peerCount - 1);
    const name = pick(gen, weighted);
    clock += prng.int32(gen, 0, 1) * 1000;
    const operation = operationsByName[name];
    if (!operation) throw new Error(`unknown operation ${name}`);
    try {
      if (operation(docs[peer] as Y.Doc, contexts[peer] as CommandContext)) {
        result.opCounts[name] = (result.opCounts[name] ?? 0) + 1;
      }
    } catch (error) {
      throw new Error(`seed ${seed}, step ${step}: ${name} on peer ${peer} threw: ${String(error)}`, { cause: error });
    }
    // Deliver a random handful of messages in random order; the rest wait, which reorders them further.
    const deliveries = prng.int32(gen, 0, 2 * (peerCount - 1));
    for (let count = 0; count < deliveries && queue.length > 0; count++) {
      deliver(prng.int32(gen, 0, queue.length - 1), prng.int32(gen, 0, 9) === 0);
    }
  }
  while (queue.length > 0) deliver(prng.int32(gen, 0, queue.length - 1), prng.int32(gen, 0, 19) === 0);

  const [first, ...rest] = docs.map((doc) => projectIncident(doc));
  for (const [index, projection] of rest.entries()) {
    expect(projection, `seed ${seed}: peer ${index + 1} differs from peer 0`).toEqual(first);
  }
  const vectors = docs.map((doc) => Array.from(Y.encodeStateVector(doc)));
  for (const vector of vectors) expect(vector, `seed ${seed}: state vectors differ`).toEqual(vectors[0]);
  result.sharedText = first?.events.find((event) => event.id === sharedId)?.text ?? '';
  return result;
}

const envSeed = process.env.PARALLAX_SEED;
const cases: [number, number][] = envSeed
  ? [[Number(envSeed), 3]]
  : [
      [1, 3],
      [42, 3],
      [20260310, 5],
    ];

describe('convergence', () => {
  it.each(cases)('seed %i: %i peers converge after 1,000 random operations with messy delivery', (seed, peers) => {
    const result = runConvergence(seed, peers, 1000);
    const total = Object.values(result.opCounts).reduce((sum, count) => sum + count, 0);
    // Guard against a vacuous pass: the storm really happened, out of order and with duplicates.
    expect(total, `seed ${seed}`).toBeGreaterThan(900);
    for (const name of ['addEvent', 'updateEvent', 'deleteEvent', 'insertSharedText', 'deleteSharedText', 'addTag']) {
      expect(result.opCounts[name] ?? 0, `seed ${seed}: ${name}`).toBeGreaterThan(10);
    }
    expect(result.outOfOrderApplies, `seed ${seed}`).toBeGreaterThan(0);
    expect(result.duplicateApplies, `seed ${seed}`).toBeGreaterThan(0);
    expect(result.sharedText.length, `seed ${seed}`).toBeGreaterThan(20);
  });

  it('detects divergence: a peer that misses one update does not match', () => {
    const a = createIncidentDoc();
    const b = createIncidentDoc();
    const ctx = { userId: 'a', newId: () => 'e1' };
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addEvent(a, { occurredAt: '2026-03-10T13:52:10Z' }, ctx);
    expect(projectIncident(a)).not.toEqual(projectIncident(b));
  });
});
