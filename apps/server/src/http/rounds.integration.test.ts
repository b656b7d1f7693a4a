/**
 * Calibration rounds and history over HTTP, on PGlite and PostgreSQL: who may open, read, comment, review, close,
 * snapshot, diff, restore and fork, and what each answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addActionItem,
  addEvent,
  addFactor,
  addPerspective,
  addQuestion,
  deleteEvent,
  eventText,
  narrativeText,
  projectIncident,
  type IncidentDiff,
  type IncidentProjection,
} from '@parallax/model';
import { postgresUrlOrSkip } from '@parallax/testing';
import { startTestApp, type SignedIn, type TestApp } from './test-app.ts';

const postgresUrl = postgresUrlOrSkip('rounds and history API');
const drivers = [
  { name: 'PGlite', databaseUrl: undefined as string | undefined },
  ...(postgresUrl ? [{ name: 'PostgreSQL', databaseUrl: postgresUrl }] : []),
];

type Who = 'owner' | 'facilitator' | 'editor' | 'viewer' | 'outsider';

interface Json {
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe.each(drivers)('rounds and history API ($name)', ({ databaseUrl }) => {
  let testApp: TestApp;
  let accounts: Record<Who, SignedIn>;
  let incidentId: string;
  let ids: { alert: string; flag: string; perspective: string; question: string; factor: string; action: string };
  /** An incident of the outsider's, which nobody else can see. */
  let foreign: { incidentId: string; snapshotId: string; roundId: string };

  beforeAll(async () => {
    testApp = await startTestApp({ databaseUrl });
    const names: Record<Who, string> = {
      owner: 'Olga Owner',
      facilitator: 'Fatima Facilitator',
      editor: 'Eddie Editor',
      viewer: 'Vera Viewer',
      outsider: 'Otto Outsider',
    };
    const entries = await Promise.all(
      Object.entries(names).map(async ([who, name]) => [who, await testApp.signUp({ name })] as const),
    );
    accounts = Object.fromEntries(entries) as Record<Who, SignedIn>;
    incidentId = await testApp.createIncident(accounts.owner.cookie, 'Atlas latency');
    for (const who of ['facilitator', 'editor', 'viewer'] as const) {
      const added = await call('owner', 'POST', `/api/incidents/${incidentId}/members`, {
        email: accounts[who].email,
        role: who,
      });
      expect(added.status).toBe(201);
    }
    await testApp.sync.withDocument(incidentId, (doc) => {
      const ctx = { userId: accounts.owner.user.id };
      const alert = addEvent(doc, { occurredAt: '2026-03-10T13:41:00Z', text: 'p99 above 2s on atlas-api' }, ctx);
      const flag = addEvent(doc, { occurredAt: '2026-03-10T13:35:00Z', tags: ['flag'], text: 'Flag at 5%' }, ctx);
      const perspective = addPerspective(doc, { eventId: alert, person: 'Priya', saw: 'The graph' }, ctx);
      const question = addQuestion(doc, { eventId: alert, text: 'Why six minutes?' }, ctx);
      const factor = addFactor(doc, { title: 'No ramp guard', eventIds: [flag] }, ctx);
      const action = addActionItem(doc, { title: 'Add a guard', category: 'prevent', factorIds: [factor] }, ctx);
      narrativeText(doc).insert(0, 'The flag went to 5% and latency rose.');
      ids = { alert, flag, perspective, question, factor, action };
    });

    const foreignIncident = await testApp.createIncident(accounts.outsider.cookie, 'Private elsewhere');
    const snapshot = await call('outsider', 'POST', `/api/incidents/${foreignIncident}/snapshots`, { label: 'Mine' });
    const round = await call('outsider', 'POST', `/api/incidents/${foreignIncident}/rounds`, {});
    foreign = { incidentId: foreignIncident, snapshotId: snapshot.body.snapshot.id, roundId: round.body.round.id };
  });

  afterAll(async () => {
    await testApp?.close();
  });

  async function call(who: Who, method: string, path: string, body?: unknown, origin?: string | null) {
    const response = await testApp.request(method, path, { cookie: accounts[who].cookie, body, origin });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
  }

  async function live(): Promise<IncidentProjection> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await testApp.sync.getDocumentState(incidentId));
    return projectIncident(doc);
  }

  async function openRound(who: Who = 'facilitator', body: unknown = {}) {
    const opened = await call(who, 'POST', `/api/incidents/${incidentId}/rounds`, body);
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    return opened.body as { round: Json; snapshot: Json };
  }

  describe('opening rounds', () => {
    it('a facilitator opens round 1: the round and its snapshot, frozen right after a flush', async () => {
      const before = await live();
      const { round, snapshot } = await openRound('facilitator', { message: 'Please check the first hour.' });
      expect(round).toMatchObject({
        incidentId,
        number: expect.any(Number),
        label: `Round ${round.number}`,
        message: 'Please check the first hour.',
        status: 'open',
        snapshotId: snapshot.id,
        openedBy: accounts.facilitator.user.id,
        openedByName: 'Fatima Facilitator',
        closedAt: null,
      });
      expect(snapshot).toMatchObject({
        incidentId,
        kind: 'round',
        roundId: round.id,
        roundNumber: round.number,
        label: round.label,
        createdBy: accounts.facilitator.user.id,
      });
      // The log position is the head of the update log, and the stored state is exactly the live document.
      const stats = await testApp.services.snapshots.logHead(incidentId);
      expect(snapshot.logSeq).toBe(stats);
      expect(snapshot.logSeq).toBeGreaterThan(0);
      const state = await testApp.services.snapshots.state(snapshot.id);
      const frozen = new Y.Doc();
      Y.applyUpdateV2(frozen, state ?? new Uint8Array());
      expect(projectIncident(frozen)).toEqual(before);
      expect(snapshot.stateBytes).toBe(state?.byteLength);
    });

    it('numbers rounds 1, 2, 3… per incident, also when opened at the same moment', async () => {
      const opened = await Promise.all([openRound('owner', { label: 'Second look' }), openRound('facilitator')]);
      const list = await call('viewer', 'GET', `/api/incidents/${incidentId}/rounds`);
      const numbers = list.body.rounds.map((round: Json) => round.number);
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(Math.min(...numbers)).toBe(1);
      expect(Math.max(...numbers)).toBe(numbers.length);
      expect(opened.map(({ round }) => round.label)).toContain('Second look');
    });

    it('editors and viewers cannot open a round (403), outsiders do not see the incident (404)', async () => {
      for (const who of ['editor', 'viewer'] as const) {
        const refused = await call(who, 'POST', `/api/incidents/${incidentId}/rounds`, {});
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('forbidden');
      }
      const hidden = await call('outsider', 'POST', `/api/incidents/${incidentId}/rounds`, {});
      expect(hidden.status).toBe(404);
      expect((await call('outsider', 'GET', `/api/incidents/${incidentId}/rounds`)).status).toBe(404);
    });

    it('refuses bad bodies (400) and requests without our Origin (403 bad_origin)', async () => {
      for (const body of [{ label: '' }, { label: 'x'.repeat(201) }, { message: 42 }]) {
        const refused = await call('facilitator', 'POST', `/api/incidents/${incidentId}/rounds`, body);
        expect(refused.status).toBe(400);
        expect(refused.body.error.code).toBe('invalid_input');
      }
      const forged = await call('facilitator', 'POST', `/api/incidents/${incidentId}/rounds`, {}, 'http://evil.test');
      expect(forged.status).toBe(403);
      expect(forged.body.error.code).toBe('bad_origin');
    });
  });

  describe('a round with participants', () => {
    let round: Json;

    beforeAll(async () => {
      round = (await openRound('facilitator', { label: 'Participants round', message: 'Is this how it went?' })).round;
      // The draft moves on after the round opened: the round keeps its frozen version.
      await testApp.sync.withDocument(incidentId, (doc) => {
        eventText(doc, ids.alert)?.insert(0, 'LIVE ');
      });
    });

    it('any member reads the frozen version, not the live document', async () => {
      for (const who of ['viewer', 'editor', 'facilitator', 'owner'] as const) {
        const read = await call(who, 'GET', `/api/rounds/${round.id}`);
        expect(read.status).toBe(200);
        expect(read.body.round.id).toBe(round.id);
        expect(read.body.snapshot.id).toBe(round.snapshotId);
        expect(read.body.role).toBe(who);
        const alert = read.body.projection.events.find((event: Json) => event.id === ids.alert);
        expect(alert.text).toBe('p99 above 2s on atlas-api');
      }
      expect((await live()).events.find((event) => event.id === ids.alert)?.text).toMatch(/^LIVE /);
    });

    it('a viewer gives feedback on every kind of item; it shows in the round and its counts', async () => {
      const items = [
        ['event', ids.alert, 'correction', 'It was 13:43 for me.'],
        ['perspective', ids.perspective, 'not-my-experience', 'I saw the alert first.'],
        ['question', ids.question, 'missing-context', 'The pager was on mute.'],
        ['factor', ids.factor, 'agree', ''],
        ['actionItem', ids.action, 'agree', 'Yes please.'],
      ] as const;
      for (const [itemType, itemId, kind, text] of items) {
        const given = await call('viewer', 'POST', `/api/rounds/${round.id}/feedback`, {
          itemType,
          itemId,
          kind,
          text,
        });
        expect(given.status, JSON.stringify(given.body)).toBe(201);
        expect(given.body.feedback).toMatchObject({
          roundId: round.id,
          itemType,
          itemId,
          kind,
          text,
          authorId: accounts.viewer.user.id,
          authorName: 'Vera Viewer',
        });
      }
      const read = await call('facilitator', 'GET', `/api/rounds/${round.id}`);
      expect(read.body.feedback.map((feedback: Json) => feedback.itemId)).toEqual(items.map(([, itemId]) => itemId));
      const list = await call('viewer', 'GET', `/api/incidents/${incidentId}/rounds`);
      expect(list.body.rounds.find((candidate: Json) => candidate.id === round.id)).toMatchObject({
        feedbackCount: items.length,
      });
    });

    it('feedback on an item that is not in the frozen version is 422; bad bodies are 400', async () => {
      let added = '';
      await testApp.sync.withDocument(incidentId, (doc) => {
        added = addEvent(doc, { occurredAt: '2026-03-10T15:00:00Z', text: 'after the round' }, { userId: 'x' });
      });
      const unknown = await call('viewer', 'POST', `/api/rounds/${round.id}/feedback`, {
        itemType: 'event',
        itemId: added,
        kind: 'correction',
        text: 'Not in this round',
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.code).toBe('unknown_item');
      // An id that exists, but as another type of item.
      const wrongType = await call('viewer', 'POST', `/api/rounds/${round.id}/feedback`, {
        itemType: 'question',
        itemId: ids.alert,
        kind: 'agree',
      });
      expect(wrongType.status).toBe(422);
      for (const body of [
        { itemType: 'event', itemId: ids.alert, kind: 'correction', text: '   ' },
        { itemType: 'event', itemId: ids.alert, kind: 'meh', text: 'x' },
        { itemType: 'narrative', itemId: ids.alert, kind: 'agree' },
        { itemType: 'event', itemId: 'bad id!', kind: 'agree' },
        { itemType: 'event', itemId: ids.alert, kind: 'agree', text: 'x'.repeat(5001) },
        {},
      ]) {
        const refused = await call('viewer', 'POST', `/api/rounds/${round.id}/feedback`, body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.error.code).toBe('invalid_input');
      }
    });

    it('marking reviewed is idempotent and per person', async () => {
      const first = await call('viewer', 'POST', `/api/rounds/${round.id}/reviewed`);
      expect(first.status).toBe(200);
      expect(first.body.review).toMatchObject({ roundId: round.id, userId: accounts.viewer.user.id });
      const again = await call('viewer', 'POST', `/api/rounds/${round.id}/reviewed`);
      expect(again.status).toBe(200);
      expect(again.body.review.reviewedAt).toBe(first.body.review.reviewedAt);
      const asViewer = await call('viewer', 'GET', `/api/incidents/${incidentId}/rounds`);
      const asEditor = await call('editor', 'GET', `/api/incidents/${incidentId}/rounds`);
      const mine = (body: Json) => body.rounds.find((candidate: Json) => candidate.id === round.id);
      expect(mine(asViewer.body)).toMatchObject({ reviewedCount: 1, reviewedByMe: true });
      expect(mine(asEditor.body)).toMatchObject({ reviewedCount: 1, reviewedByMe: false });
      const read = await call('viewer', 'GET', `/api/rounds/${round.id}`);
      expect(read.body.reviewedByMe).toBe(true);
      expect(read.body.reviews).toEqual([expect.objectContaining({ userName: 'Vera Viewer' })]);
    });

    it('only facilitators and owners close a round; a closed round refuses feedback (409)', async () => {
      for (const who of ['viewer', 'editor'] as const) {
        const refused = await call(who, 'POST', `/api/rounds/${round.id}/close`);
        expect(refused.status).toBe(403);
      }
      const closed = await call('facilitator', 'POST', `/api/rounds/${round.id}/close`);
      expect(closed.status).toBe(200);
      expect(closed.body.round).toMatchObject({ status: 'closed', closedBy: accounts.facilitator.user.id });
      const again = await call('owner', 'POST', `/api/rounds/${round.id}/close`);
      expect(again.status).toBe(200);
      expect(again.body.round.closedAt).toBe(closed.body.round.closedAt);

      const late = await call('viewer', 'POST', `/api/rounds/${round.id}/feedback`, {
        itemType: 'event',
        itemId: ids.alert,
        kind: 'agree',
      });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('round_closed');
      // Reading and marking reviewed still work.
      expect((await call('editor', 'POST', `/api/rounds/${round.id}/reviewed`)).status).toBe(200);
      expect((await call('viewer', 'GET', `/api/rounds/${round.id}`)).body.round.status).toBe('closed');
    });
  });

  describe('unknown and foreign ids', () => {
    it('answer 404 with a clear message, malformed ids 400', async () => {
      const unknownRound = crypto.randomUUID();
      for (const [method, path] of [
        ['GET', `/api/rounds/${unknownRound}`],
        ['POST', `/api/rounds/${unknownRound}/reviewed`],
        ['POST', `/api/rounds/${unknownRound}/close`],
        ['GET', `/api/snapshots/${unknownRound}`],
        ['POST', `/api/snapshots/${unknownRound}/restore`],
        ['POST', `/api/snapshots/${unknownRound}/fork`],
      ] as const) {
        const answered = await call('owner', method, path);
        expect(answered.status, path).toBe(404);
        expect(answered.body.error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/not found/) });
      }
      const feedback = await call('owner', 'POST', `/api/rounds/${unknownRound}/feedback`, {
        itemType: 'event',
        itemId: ids.alert,
        kind: 'agree',
      });
      expect(feedback.status).toBe(404);
      expect((await call('owner', 'GET', '/api/rounds/not-a-uuid')).status).toBe(400);
      expect((await call('owner', 'GET', '/api/snapshots/not-a-uuid')).status).toBe(400);
    });

    it("another incident's rounds and snapshots are 404 to people who cannot see it", async () => {
      for (const [method, path] of [
        ['GET', `/api/rounds/${foreign.roundId}`],
        ['POST', `/api/rounds/${foreign.roundId}/reviewed`],
        ['POST', `/api/rounds/${foreign.roundId}/close`],
        ['GET', `/api/snapshots/${foreign.snapshotId}`],
        ['POST', `/api/snapshots/${foreign.snapshotId}/restore`],
        ['POST', `/api/snapshots/${foreign.snapshotId}/fork`],
      ] as const) {
        expect((await call('owner', method, path)).status, path).toBe(404);
      }
      // Its snapshot used as a side of this incident's diff is not found here, even by its own owner.
      for (const who of ['owner', 'outsider'] as const) {
        const diff = await call(who, 'GET', `/api/incidents/${incidentId}/diff?from=${foreign.snapshotId}`);
        expect(diff.status).toBe(404);
      }
    });
  });

  describe('named snapshots, diff, restore and fork', () => {
    let snapshot: Json;
    let atSnapshot: IncidentProjection;

    beforeAll(async () => {
      atSnapshot = await live();
      const taken = await call('editor', 'POST', `/api/incidents/${incidentId}/snapshots`, { label: '  Draft 1  ' });
      expect(taken.status).toBe(201);
      snapshot = taken.body.snapshot;
      // After the snapshot: a text edited, an event deleted, one added, a tag added, the narrative changed.
      await testApp.sync.withDocument(incidentId, (doc) => {
        const ctx = { userId: accounts.editor.user.id };
        eventText(doc, ids.alert)?.insert(eventText(doc, ids.alert)?.length ?? 0, ' for twelve minutes');
        deleteEvent(doc, ids.flag, ctx);
        addEvent(doc, { occurredAt: '2026-03-10T16:00:00Z', text: 'Post-incident review scheduled' }, ctx);
        narrativeText(doc).insert(narrativeText(doc).length, ' It was turned off.');
      });
    });

    it('editors take named snapshots; viewers cannot; labels are validated', async () => {
      expect(snapshot).toMatchObject({ incidentId, label: 'Draft 1', kind: 'named', roundId: null });
      expect((await call('viewer', 'POST', `/api/incidents/${incidentId}/snapshots`, { label: 'x' })).status).toBe(403);
      for (const body of [{}, { label: '' }, { label: 'x'.repeat(201) }]) {
        expect((await call('editor', 'POST', `/api/incidents/${incidentId}/snapshots`, body)).status).toBe(400);
      }
    });

    it('lists the history newest first, without state bytes or projections', async () => {
      const list = await call('viewer', 'GET', `/api/incidents/${incidentId}/snapshots`);
      expect(list.status).toBe(200);
      const { snapshots } = list.body as { snapshots: Json[] };
      expect(snapshots[0]?.id).toBe(snapshot.id);
      const times = snapshots.map((entry) => entry.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(new Set(snapshots.map((entry) => entry.kind))).toEqual(new Set(['named', 'round']));
      for (const entry of snapshots) {
        expect(entry).not.toHaveProperty('state');
        expect(entry).not.toHaveProperty('projection');
        expect(entry.stateBytes).toBeGreaterThan(0);
      }
      const one = await call('viewer', 'GET', `/api/snapshots/${snapshot.id}`);
      expect(one.body.projection).toEqual(atSnapshot);
    });

    it('diffs a snapshot against the live document, per entity type, with text-level changes', async () => {
      const answered = await call('viewer', 'GET', `/api/incidents/${incidentId}/diff?from=${snapshot.id}&to=live`);
      expect(answered.status).toBe(200);
      expect(answered.body.from).toMatchObject({ kind: 'snapshot', snapshot: { id: snapshot.id } });
      expect(answered.body.to).toEqual({ kind: 'live' });
      const diff = answered.body.diff as IncidentDiff;
      expect(diff.events.removed.map((event) => event.id)).toEqual([ids.flag]);
      expect(diff.events.added.map((event) => event.text)).toContain('Post-incident review scheduled');
      const alert = diff.events.changed.find((change) => change.id === ids.alert);
      expect(alert?.fields).toEqual([
        expect.objectContaining({
          kind: 'text',
          field: 'text',
          segments: expect.arrayContaining([{ op: 'insert', text: ' for twelve minutes' }]),
        }),
      ]);
      // The factor lost its link to the deleted event.
      expect(diff.factors.changed[0]?.fields).toEqual([
        expect.objectContaining({ kind: 'set', field: 'eventIds', removed: [ids.flag] }),
      ]);
      expect(diff.narrative?.after).toMatch(/It was turned off\.$/);
      // `to` defaults to live, and the reverse diff mirrors it.
      const implicit = await call('viewer', 'GET', `/api/incidents/${incidentId}/diff?from=${snapshot.id}`);
      expect(implicit.body.diff).toEqual(diff);
      const reverse = await call('viewer', 'GET', `/api/incidents/${incidentId}/diff?from=live&to=${snapshot.id}`);
      expect(reverse.body.diff.events.added.map((event: Json) => event.id)).toEqual([ids.flag]);
      // Two snapshots, and a state with itself.
      const same = await call('viewer', 'GET', `/api/incidents/${incidentId}/diff?from=live&to=live`);
      expect(same.body.diff.summary.total).toBe(0);
    });

    it('refuses bad diff sides (400) and unknown snapshots (404)', async () => {
      for (const query of ['', '?from=yesterday', `?from=${snapshot.id}&to=now`, `?from=live&from=live`]) {
        const refused = await call('viewer', 'GET', `/api/incidents/${incidentId}/diff${query}`);
        expect(refused.status, query).toBe(400);
      }
      const unknown = await call('viewer', 'GET', `/api/incidents/${incidentId}/diff?from=${crypto.randomUUID()}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(/not found in this incident/);
    });

    it('restore is for facilitators and owners; it is a forward edit with a restore point to undo it', async () => {
      for (const who of ['viewer', 'editor'] as const) {
        expect((await call(who, 'POST', `/api/snapshots/${snapshot.id}/restore`)).status).toBe(403);
      }
      const beforeRestore = await live();
      const restored = await call('facilitator', 'POST', `/api/snapshots/${snapshot.id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({
        snapshot: { id: snapshot.id },
        changed: true,
        restorePoint: { kind: 'restore-point', label: 'Before restore of "Draft 1"', incidentId },
        summary: { total: expect.any(Number) },
      });
      expect(await live()).toEqual(atSnapshot);
      const point = await call('viewer', 'GET', `/api/snapshots/${restored.body.restorePoint.id}`);
      expect(point.body.projection).toEqual(beforeRestore);

      // Restoring again changes nothing; restoring the restore point undoes the restore.
      const again = await call('owner', 'POST', `/api/snapshots/${snapshot.id}/restore`);
      expect(again.body.changed).toBe(false);
      const undone = await call('owner', 'POST', `/api/snapshots/${restored.body.restorePoint.id}/restore`);
      expect(undone.body.changed).toBe(true);
      expect(await live()).toEqual(beforeRestore);
    });

    it('restores text jsonb cannot hold (a NUL) exactly, from the snapshot state', async () => {
      const awkwardId = await testApp.createIncident(accounts.owner.cookie, 'Binary paste');
      let eventId = '';
      await testApp.sync.withDocument(awkwardId, (doc) => {
        eventId = addEvent(doc, { occurredAt: '2026-03-10T13:00:00Z', text: 'log line a\u0000b' }, { userId: 'x' });
      });
      const taken = await call('owner', 'POST', `/api/incidents/${awkwardId}/snapshots`, { label: 'With NUL' });
      expect(taken.status).toBe(201);
      const shown = await call('owner', 'GET', `/api/snapshots/${taken.body.snapshot.id}`);
      expect(shown.body.projection.events[0].text).toBe('log line a\ufffdb');
      await testApp.sync.withDocument(awkwardId, (doc) => eventText(doc, eventId)?.insert(0, 'edited '));
      expect((await call('owner', 'POST', `/api/snapshots/${taken.body.snapshot.id}/restore`)).status).toBe(200);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await testApp.sync.getDocumentState(awkwardId));
      expect(eventText(doc, eventId)?.toString()).toBe('log line a\u0000b');
    });

    it('forks a snapshot into a new incident the caller owns, with the snapshot content', async () => {
      expect((await call('viewer', 'POST', `/api/snapshots/${snapshot.id}/fork`)).status).toBe(403);
      expect((await call('editor', 'POST', `/api/snapshots/${snapshot.id}/fork`, { title: '' })).status).toBe(400);
      const forked = await call('editor', 'POST', `/api/snapshots/${snapshot.id}/fork`, { title: 'Atlas, take two' });
      expect(forked.status).toBe(201);
      expect(forked.body).toMatchObject({ role: 'owner', incident: { title: 'Atlas, take two' } });
      const forkId = forked.body.incident.id as string;
      expect(forkId).not.toBe(incidentId);
      const read = await call('editor', 'GET', `/api/incidents/${forkId}`);
      expect(read.body.role).toBe('owner');
      // Nobody else was carried over.
      expect((await call('owner', 'GET', `/api/incidents/${forkId}`)).status).toBe(404);

      const doc = new Y.Doc();
      Y.applyUpdate(doc, await testApp.sync.getDocumentState(forkId));
      const content = projectIncident(doc);
      const { meta, ...rest } = content;
      const { meta: sourceMeta, ...sourceRest } = atSnapshot;
      expect(rest).toEqual(sourceRest);
      expect(meta).toMatchObject({ title: 'Atlas, take two', severity: sourceMeta.severity });

      const untitled = await call('editor', 'POST', `/api/snapshots/${snapshot.id}/fork`);
      expect(untitled.status).toBe(201);
      expect(untitled.body.incident.title).toBe('Atlas latency (fork)');
    });
  });
});
