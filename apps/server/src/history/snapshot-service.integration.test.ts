/**
 * The snapshot service against a real database and sync server: what a snapshot captures, and that a restore point
 * holds exactly what the restore replaced even when someone edits in the moment between the two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvent, eventText, projectIncident } from '@parallax/model';
import { SnapshotRepository, type NewSnapshot, type SnapshotRecord } from '@parallax/db';
import { postgresUrlOrSkip } from '@parallax/testing';
import { startTestApp, type TestApp } from '../http/test-app.ts';
import { SnapshotService } from './snapshot-service.ts';

const postgresUrl = postgresUrlOrSkip('snapshot service');
const drivers = [
  { name: 'PGlite', databaseUrl: undefined as string | undefined },
  ...(postgresUrl ? [{ name: 'PostgreSQL', databaseUrl: postgresUrl }] : []),
];

describe.each(drivers)('SnapshotService ($name)', ({ databaseUrl }) => {
  let testApp: TestApp;
  let userId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ databaseUrl });
    userId = (await testApp.signUp()).user.id;
  });

  afterAll(async () => {
    await testApp?.close();
  });

  async function liveProjection(incidentId: string) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await testApp.sync.getDocumentState(incidentId));
    return projectIncident(doc);
  }

  async function incidentWithEvent(text: string) {
    const incidentId = await testApp.createIncident((await testApp.signUp()).cookie);
    let eventId = '';
    await testApp.sync.withDocument(incidentId, (doc) => {
      eventId = addEvent(doc, { occurredAt: '2026-03-10T13:41:00Z', text }, { userId });
    });
    return { incidentId, eventId };
  }

  it('captures the live state right after a flush: every logged update is in it', async () => {
    const { incidentId, eventId } = await incidentWithEvent('first');
    // An edit still being committed when the capture starts is flushed first.
    const editing = testApp.sync.withDocument(incidentId, (doc) => eventText(doc, eventId)?.insert(0, 'x'));
    const captured = await testApp.services.history.capture(incidentId);
    await editing;
    const stored = await testApp.services.snapshots.logHead(incidentId);
    expect(captured.logSeq).toBe(stored);
    const doc = new Y.Doc();
    Y.applyUpdateV2(doc, captured.state);
    expect(projectIncident(doc)).toEqual(captured.projection);
    expect(captured.projection).toEqual(await liveProjection(incidentId));
    expect(eventText(doc, eventId)?.toString()).toBe('xfirst');
  });

  it('a restore point holds what the restore replaced, even after an edit between its capture and the restore', async () => {
    const { incidentId, eventId } = await incidentWithEvent('original');
    const { history, snapshots, sync, rounds, incidents } = testApp.services;
    const target = await history.take(incidentId, { label: 'Target', kind: 'named', createdBy: userId });
    await sync.withDocument(incidentId, (doc) => eventText(doc, eventId)?.insert(0, 'edited '));

    // A repository whose first insert lets someone edit the document while the restore point is being written.
    let lateEvent = '';
    class SlowSnapshots extends SnapshotRepository {
      #interfered = false;
      override async create(input: NewSnapshot): Promise<SnapshotRecord> {
        if (!this.#interfered) {
          this.#interfered = true;
          await sync.withDocument(incidentId, (doc) => {
            lateEvent = addEvent(doc, { occurredAt: '2026-03-10T14:00:00Z', text: 'typed meanwhile' }, { userId });
          });
        }
        return super.create(input);
      }
    }
    const service = new SnapshotService({ sync, snapshots: new SlowSnapshots(testApp.sql), rounds, incidents });
    const before = await liveProjection(incidentId);
    const result = await service.restore(target, userId);
    expect(result.changed).toBe(true);

    const live = await liveProjection(incidentId);
    expect(live).toEqual(await snapshots.projection(target.id));
    const point = (await snapshots.projection(result.restorePoint.id)) as ReturnType<typeof projectIncident>;
    // The point has the late event too: restoring it gives back everything the restore removed.
    expect(point.events.map((event) => event.id).sort()).toEqual([eventId, lateEvent].sort());
    expect(point.events.find((event) => event.id === eventId)?.text).toBe('edited original');
    expect(before.events).toHaveLength(1);
    expect(result.summary.added + result.summary.removed + result.summary.changed).toBe(2);

    const undone = await history.restore(result.restorePoint, userId);
    expect(undone.changed).toBe(true);
    expect(await liveProjection(incidentId)).toEqual(point);
  });

  it('restoring a document that already matches changes nothing and broadcasts nothing', async () => {
    const { incidentId } = await incidentWithEvent('same');
    const { history } = testApp.services;
    const snapshot = await history.take(incidentId, { label: 'Now', kind: 'named', createdBy: userId });
    const before = await testApp.sync.getDocumentState(incidentId);
    const result = await history.restore(snapshot, userId);
    expect(result.changed).toBe(false);
    expect(result.summary.total).toBe(0);
    expect(await testApp.sync.getDocumentState(incidentId)).toEqual(before);
  });
});
