import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentRepository } from './incident-repository.ts';
import { migrate } from './migrate.ts';
import { RoundRepository } from './round-repository.ts';
import { SnapshotRepository, toJsonbText } from './snapshot-repository.ts';
import { SqlDocumentStore } from './sql-document-store.ts';
import { databaseTargets, type FreshDatabase } from './test-databases.ts';
import { UserRepository } from './user-repository.ts';

/** A projection-shaped value: only what the repositories look at (item ids per collection). */
function projection(eventIds: string[], text = 'p99 above 2s') {
  return {
    meta: { title: 'Atlas latency' },
    events: eventIds.map((id) => ({ id, text })),
    perspectives: [{ id: 'perspective-1' }],
    questions: [],
    factors: [],
    actionItems: [{ id: 'action-1' }],
    narrative: '',
  };
}

const state = Uint8Array.from([0, 1, 2, 3, 250, 251]);

for (const target of databaseTargets('SnapshotRepository and RoundRepository')) {
  describe.skipIf(!target.available)(`snapshots and rounds on ${target.name}`, () => {
    let database: FreshDatabase;
    let snapshots: SnapshotRepository;
    let rounds: RoundRepository;
    let incidentId: string;
    let userId: string;
    let otherUserId: string;

    beforeAll(async () => {
      database = await target.fresh();
      await migrate(database.sql);
      snapshots = new SnapshotRepository(database.sql);
      rounds = new RoundRepository(database.sql);
      const users = new UserRepository(database.sql);
      const user = await users.create({ email: 'maya@example.test', name: 'Maya', passwordHash: 'x', admin: false });
      const other = await users.create({ email: 'jonas@example.test', name: 'Jonas', passwordHash: 'x', admin: false });
      userId = user.id;
      otherUserId = other.id;
      incidentId = (await new IncidentRepository(database.sql).create({ title: 'Atlas', ownerId: userId })).id;
    });

    afterAll(async () => {
      await database?.dispose();
    });

    it('stores a snapshot: state bytes and projection back exactly, listed newest first without them', async () => {
      const first = await snapshots.create({
        incidentId,
        state,
        projection: projection(['e1']),
        logSeq: 7,
        label: 'Draft',
        kind: 'named',
        createdBy: userId,
      });
      expect(first).toMatchObject({
        incidentId,
        label: 'Draft',
        kind: 'named',
        roundId: null,
        roundNumber: null,
        logSeq: 7,
        stateBytes: state.byteLength,
        createdBy: userId,
        createdByName: 'Maya',
      });
      expect(await snapshots.state(first.id)).toEqual(state);
      expect(await snapshots.projection(first.id)).toEqual(projection(['e1']));
      expect(await snapshots.content(first.id)).toEqual({ projection: projection(['e1']) });
      const second = await snapshots.create({ ...first, state, projection: projection([]), kind: 'restore-point' });
      const list = await snapshots.listForIncident(incidentId);
      expect(list.slice(0, 2).map((entry) => entry.id)).toEqual([second.id, first.id]);
      expect(list[0]).toEqual(await snapshots.get(second.id));
      expect(await snapshots.get(crypto.randomUUID())).toBeUndefined();
      expect(await snapshots.get('not-a-uuid')).toBeUndefined();
      expect(await snapshots.content(crypto.randomUUID())).toBeUndefined();
    });

    it('keeps a projection jsonb cannot hold (NUL, unpaired surrogate) as U+FFFD and points restores to the state', async () => {
      const awkward = 'a\u0000b \ud800 c \\u0000 d 🙂';
      const stored = toJsonbText(awkward);
      expect(stored.exact).toBe(false);
      expect(JSON.parse(stored.json)).toBe('a\ufffdb \ufffd c \\u0000 d 🙂');
      expect(toJsonbText('plain 🙂 \\u0000')).toEqual({ json: JSON.stringify('plain 🙂 \\u0000'), exact: true });
      const taken = await snapshots.create({
        incidentId,
        state,
        projection: projection(['e1'], awkward),
        logSeq: 1,
        label: 'Awkward',
        kind: 'named',
        createdBy: null,
      });
      expect(await snapshots.projection(taken.id)).toEqual(projection(['e1'], 'a\ufffdb \ufffd c \\u0000 d 🙂'));
      expect(await snapshots.content(taken.id)).toEqual({ state });
      const replaced = await snapshots.replaceContent(taken.id, {
        state: Uint8Array.of(9),
        projection: projection([]),
      });
      expect(replaced.stateBytes).toBe(1);
      expect(await snapshots.content(taken.id)).toEqual({ projection: projection([]) });
    });

    it('reads the head of the update log', async () => {
      const store = new SqlDocumentStore(database.sql);
      expect(await snapshots.logHead(incidentId)).toBe(0);
      await store.append(incidentId, [Uint8Array.of(1), Uint8Array.of(2)]);
      expect(await snapshots.logHead(incidentId)).toBe(2);
    });

    it('opens rounds numbered per incident, with their snapshot, in one transaction', async () => {
      const opened = await Promise.all(
        [null, 'Second look', null].map((label) =>
          rounds.open({
            incidentId,
            label,
            message: 'Is this how it went?',
            openedBy: userId,
            snapshot: { state, projection: projection(['e1', 'e2']), logSeq: 3 },
          }),
        ),
      );
      expect(opened.map(({ round }) => round.number).sort()).toEqual([1, 2, 3]);
      for (const { round, snapshot } of opened) {
        expect(snapshot).toMatchObject({ kind: 'round', roundId: round.id, roundNumber: round.number });
        expect(snapshot.label).toBe(round.label);
        expect(await snapshots.get(snapshot.id)).toEqual(snapshot);
        expect(round).toMatchObject({ incidentId, status: 'open', openedByName: 'Maya', closedAt: null });
        if (round.label !== 'Second look') expect(round.label).toBe(`Round ${round.number}`);
      }
      const other = await new IncidentRepository(database.sql).create({ title: 'Other' });
      const elsewhere = await rounds.open({
        incidentId: other.id,
        label: null,
        message: '',
        openedBy: userId,
        snapshot: { state, projection: projection([]), logSeq: 0 },
      });
      expect(elsewhere.round.number).toBe(1);
    });

    it('takes feedback only on items of the frozen version, only while open; counts and reviews per person', async () => {
      const { round } = await rounds.open({
        incidentId,
        label: 'Feedback',
        message: '',
        openedBy: userId,
        snapshot: { state, projection: projection(['e1', 'e2']), logSeq: 3 },
      });
      const base = { roundId: round.id, kind: 'correction' as const, text: 'Later', authorId: otherUserId };
      const created = await rounds.addFeedback({ ...base, itemType: 'event', itemId: 'e2' });
      expect(created).toMatchObject({
        status: 'created',
        feedback: { itemType: 'event', itemId: 'e2', authorName: 'Jonas', text: 'Later' },
      });
      expect(await rounds.addFeedback({ ...base, itemType: 'actionItem', itemId: 'action-1' })).toMatchObject({
        status: 'created',
      });
      expect(await rounds.addFeedback({ ...base, itemType: 'event', itemId: 'e3' })).toEqual({
        status: 'unknown-item',
      });
      expect(await rounds.addFeedback({ ...base, itemType: 'question', itemId: 'e1' })).toEqual({
        status: 'unknown-item',
      });
      expect(
        await rounds.addFeedback({ ...base, roundId: crypto.randomUUID(), itemType: 'event', itemId: 'e1' }),
      ).toEqual({ status: 'not-found' });

      const review = await rounds.markReviewed(round.id, otherUserId);
      expect(await rounds.markReviewed(round.id, otherUserId)).toEqual(review);
      expect(await rounds.listReviews(round.id)).toEqual([review]);
      const summary = (await rounds.listForIncident(incidentId, otherUserId)).find((entry) => entry.id === round.id);
      expect(summary).toMatchObject({ feedbackCount: 2, reviewedCount: 1, reviewedByMe: true });
      const mine = (await rounds.listForIncident(incidentId, userId)).find((entry) => entry.id === round.id);
      expect(mine).toMatchObject({ reviewedByMe: false });

      const closed = await rounds.close(round.id, userId);
      expect(closed).toMatchObject({ status: 'closed', closedBy: userId });
      expect((await rounds.close(round.id, otherUserId))?.closedAt).toBe(closed?.closedAt);
      expect(await rounds.addFeedback({ ...base, itemType: 'event', itemId: 'e1' })).toEqual({ status: 'closed' });
      expect((await rounds.listFeedback(round.id)).map((feedback) => feedback.itemId)).toEqual(['e2', 'action-1']);
      expect(await rounds.close(crypto.randomUUID(), userId)).toBeUndefined();
    });

    it('deleting an incident deletes its snapshots, rounds, feedback and reviews with it', async () => {
      const doomed = await new IncidentRepository(database.sql).create({ title: 'Doomed' });
      const { round } = await rounds.open({
        incidentId: doomed.id,
        label: null,
        message: '',
        openedBy: userId,
        snapshot: { state, projection: projection(['e1']), logSeq: 0 },
      });
      await rounds.addFeedback({
        roundId: round.id,
        itemType: 'event',
        itemId: 'e1',
        kind: 'agree',
        text: '',
        authorId: userId,
      });
      await rounds.markReviewed(round.id, userId);
      await database.sql.query('delete from incidents where id = $1', [doomed.id]);
      expect(await rounds.get(round.id)).toBeUndefined();
      expect(await snapshots.listForIncident(doomed.id)).toEqual([]);
      expect(await rounds.listFeedback(round.id)).toEqual([]);
      expect(await rounds.listReviews(round.id)).toEqual([]);
    });
  });
}
