import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { addEvent, listEvents, projectIncident } from '@parallax/model';
import { CloseCode } from '@parallax/sync';
import { connectClient, eventually, type SyncClient } from '../support/clients.ts';
import { createIncident, signUp, startTestServer, type Session, type TestServer } from '../support/server.ts';

/** Opens a raw socket on the incident, sends one frame, and reports how the server closed it. */
async function sendAndAwaitClose(url: string, incidentId: string, frame: Uint8Array, session: Session) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/sync/${incidentId}`, {
    headers: { cookie: session.cookie, origin: url },
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  socket.on('error', () => {
    // ws reports the server's abrupt close of an oversized frame as an error too; the close event carries the code.
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`)),
    );
  });
  socket.send(frame);
  return closed;
}

function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('hostile and broken frames', () => {
  let server: TestServer;
  let incidentId: string;
  let witness: SyncClient;
  /** The sender of the bad frames is a signed-in editor: the point is what a client with access can break. */
  let editor: Session;

  beforeAll(async () => {
    server = await startTestServer();
    editor = await signUp(server, { name: 'Mallory Editor' });
    incidentId = await createIncident(server, editor, 'Frames under fire');
    witness = connectClient(server.url, incidentId, editor);
    await witness.synced();
    addEvent(witness.doc, { occurredAt: '2026-03-10T13:52:10Z', text: 'baseline' }, { userId: 'witness' });
    await witness.saved();
  });

  afterAll(async () => {
    witness.destroy();
    await server.close();
  });

  /** Other clients of the same incident keep syncing, and nothing the bad socket sent reached the document. */
  async function expectUnharmed(before: ReturnType<typeof projectIncident>) {
    expect(projectIncident(witness.doc)).toEqual(before);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, await server.sync.getDocumentState(incidentId));
    expect(projectIncident(stored)).toEqual(before);

    const peer = connectClient(server.url, incidentId, editor);
    try {
      await peer.synced();
      const id = addEvent(peer.doc, { occurredAt: '2026-03-10T15:00:00Z', text: 'still syncing' }, { userId: 'peer' });
      await eventually(() => expect(listEvents(witness.doc).some((event) => event.id === id)).toBe(true));
      await peer.saved();
    } finally {
      peer.destroy();
    }
  }

  it('a garbage frame closes only its own socket, with MALFORMED_MESSAGE', async () => {
    const before = projectIncident(witness.doc);
    const garbage = new Uint8Array([0x00, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x13, 0x37]);
    const { code } = await sendAndAwaitClose(server.url, incidentId, garbage, editor);
    expect(code).toBe(CloseCode.MALFORMED_MESSAGE);
    await expectUnharmed(before);
  });

  it('a truncated update closes only its own socket and changes nothing', async () => {
    const before = projectIncident(witness.doc);
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(witness.doc));
    addEvent(forged, { occurredAt: '2026-03-10T14:00:00Z', text: 'this must never land' }, { userId: 'mallory' });
    const frame = updateFrame(Y.encodeStateAsUpdate(forged, Y.encodeStateVector(witness.doc)));
    const { code } = await sendAndAwaitClose(
      server.url,
      incidentId,
      frame.slice(0, Math.floor(frame.length / 2)),
      editor,
    );
    expect(code).toBe(CloseCode.MALFORMED_MESSAGE);
    await expectUnharmed(before);
  });

  it('an unknown message type closes only its own socket', async () => {
    const before = projectIncident(witness.doc);
    const { code } = await sendAndAwaitClose(server.url, incidentId, new Uint8Array([42, 1, 2, 3]), editor);
    expect(code).toBe(CloseCode.MALFORMED_MESSAGE);
    await expectUnharmed(before);
  });

  it('an oversized frame is refused with 1009 before it is buffered, and hurts nobody else', async () => {
    const before = projectIncident(witness.doc);
    const huge = new Uint8Array(17 * 1024 * 1024).fill(7);
    huge[0] = 0;
    const { code } = await sendAndAwaitClose(server.url, incidentId, huge, editor);
    expect(code).toBe(CloseCode.MESSAGE_TOO_LARGE);
    await expectUnharmed(before);
  });

  it('a socket for an unknown incident is refused at the upgrade', async () => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync/00000000-0000-4000-8000-000000000000`, {
      headers: { cookie: editor.cookie, origin: server.url },
    });
    const status = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('error', () => {
        // The refused upgrade also surfaces as an error; the status code above is what we assert.
      });
    });
    expect(status).toBe(404);
  });
});
