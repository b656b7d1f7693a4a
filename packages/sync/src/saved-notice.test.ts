import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { encodeSavedNotice, encodeSavedSubscribe, readSavedNotice } from './saved-notice.ts';
import { createHarness, frameKinds, sentTo, viewer } from './test-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('saved notices: byte format', () => {
  it('SYNC-SAVED-1: subscribe is the single byte [100]; a notice is [100][varUint8Array stateVector][varUint markers]', () => {
    expect(encodeSavedSubscribe()).toEqual(Uint8Array.of(100));
    const doc = new Y.Doc();
    doc.getText('text').insert(0, 'abc');
    const stateVector = Y.encodeStateVector(doc);
    const frame = encodeSavedNotice({ stateVector, acknowledgedMarkers: 300 });
    expect(frame).toEqual(Uint8Array.of(100, stateVector.byteLength, ...stateVector, 0xac, 0x02));

    const decoder = decoding.createDecoder(frame);
    expect(decoding.readVarUint(decoder)).toBe(100);
    expect(readSavedNotice(decoder)).toEqual({ stateVector, acknowledgedMarkers: 300, rejected: false });
  });

  it('SYNC-SAVED-5: a notice without the marker count reads as zero markers', () => {
    const decoder = decoding.createDecoder(Uint8Array.of(1, 0));
    expect(readSavedNotice(decoder)).toEqual({
      stateVector: Uint8Array.of(0),
      acknowledgedMarkers: 0,
      rejected: false,
    });
  });
});

describe('saved notices: server', () => {
  it('SYNC-SAVED-1: a client that never subscribes never receives message type 100', async () => {
    const h = createHarness();
    const plain = h.connect('doc');
    await h.settle();
    plain.doc.getText('text').insert(0, 'edit');
    await h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'more '));
    await h.settle();
    expect(frameKinds(sentTo(plain))).not.toContain('saved');
    expect(plain.unknownMessages).toEqual([]);
  });

  it('SYNC-SAVED-2: a subscriber gets a notice at once, then one per successful commit and none for a failed one', async () => {
    vi.useFakeTimers();
    const h = createHarness({ retry: { initialMs: 50, maxMs: 50 } });
    const client = h.connect('doc', {}, { subscribeSaved: true });
    await h.settle();
    expect(client.savedNotices).toHaveLength(1);

    client.doc.getText('text').insert(0, 'a');
    await h.settle();
    expect(client.savedNotices).toHaveLength(2);

    h.store.failNext('append', 1);
    client.doc.getText('text').insert(0, 'b');
    await h.settle();
    expect(h.store.calls.append).toBe(2);
    expect(client.savedNotices).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(50);
    await h.settle();
    expect(h.store.calls.append).toBe(3);
    expect(client.savedNotices).toHaveLength(3);
  });

  it('SYNC-SAVED-3: the stored state vector never runs ahead of the store', async () => {
    const h = createHarness();
    const client = h.connect('doc', {}, { subscribeSaved: true });
    await h.settle();
    client.doc.getText('text').insert(0, 'first');
    await h.settle();
    const gate = h.store.hold('append');
    client.doc.getText('text').insert(5, ' second');
    await h.settle();
    const clock = (notice: (typeof client.savedNotices)[number] | undefined) =>
      notice?.stateVector.get(client.doc.clientID) ?? 0;
    expect(clock(client.savedNotices.at(-1))).toBe(5);
    expect(Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID)).toBe(12);

    gate.release();
    await h.settle();
    const last = client.savedNotices.at(-1);
    expect(clock(last)).toBe(12);
    expect(last?.stateVector).toEqual(Y.decodeStateVector(Y.encodeStateVector(h.store.storedDoc('doc'))));
  });

  it('SYNC-SAVED-4: a marker is acknowledged only once the changes before it, deletions included, are stored', async () => {
    const h = createHarness();
    const client = h.connect('doc', {}, { subscribeSaved: true });
    const other = h.connect('doc', {}, { subscribeSaved: true });
    client.doc.getText('text').insert(0, 'delete me');
    await h.settle();
    expect(client.savedNotices.at(-1)?.acknowledgedMarkers).toBe(1);

    const gate = h.store.hold('append');
    client.doc.getText('text').delete(0, 7);
    client.sendSavedSubscribe();
    await h.settle();
    // The answer to the marker comes at once, but cannot acknowledge it yet.
    expect(client.savedNotices.at(-1)?.acknowledgedMarkers).toBe(1);

    gate.release();
    await h.settle();
    expect(client.savedNotices.at(-1)?.acknowledgedMarkers).toBe(2);
    expect(other.savedNotices.at(-1)?.acknowledgedMarkers).toBe(1);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('me');
  });
});

describe('saved notices: read-only connections', () => {
  function notices(frames: readonly Uint8Array[]) {
    return frames
      .filter((frame) => frame[0] === 100)
      .map((frame) => {
        const decoder = decoding.createDecoder(frame);
        decoding.readVarUint(decoder);
        return readSavedNotice(decoder);
      });
  }

  it('SYNC-SAVED-6: once a change of a connection was dropped, its notices say rejected and acknowledge no marker', async () => {
    const h = createHarness();
    await h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'keep this'));
    const reader = h.connect('doc', viewer, { subscribeSaved: true });
    await h.settle();
    reader.sendSavedSubscribe();
    await h.settle();
    const before = notices(sentTo(reader));
    expect(before.at(-1)).toEqual({ stateVector: expect.any(Uint8Array), acknowledgedMarkers: 2, rejected: false });

    reader.doc.getText('text').delete(0, 5);
    reader.sendSavedSubscribe();
    await h.settle();
    await h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'more '));
    await h.settle();
    const after = notices(sentTo(reader)).slice(before.length);
    expect(after.length).toBeGreaterThanOrEqual(2);
    for (const notice of after) expect(notice).toMatchObject({ acknowledgedMarkers: 2, rejected: true });
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('more keep this');
  });

  it('SYNC-SAVED-6: a read-only connection that changed nothing is never rejected', async () => {
    const h = createHarness();
    await h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'content'));
    const reader = h.connect('doc', viewer, { subscribeSaved: true });
    await h.settle();
    reader.sendSavedSubscribe();
    await h.settle();
    expect(notices(sentTo(reader)).every((notice) => !notice.rejected)).toBe(true);
    expect(notices(sentTo(reader)).at(-1)?.acknowledgedMarkers).toBe(2);
  });
});
