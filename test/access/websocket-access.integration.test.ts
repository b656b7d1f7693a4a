/**
 * The websocket authorisation matrix, against the real server: who may open /sync/:incidentId, what a read-only
 * socket can (not) do, and how sockets follow access changes made over HTTP. Raw `ws` sockets send what no
 * well-behaved client would; the real y-websocket provider shows what an ordinary client experiences. Every case
 * checks that the document is unchanged for everyone and in the store.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvent, listEvents, projectIncident } from '@parallax/model';
import { SqlDocumentStore } from '@parallax/db';
import { AuthMessageType, CloseCode, MessageType } from '@parallax/sync';
import { connectClient, eventually, type SyncClient } from '../support/clients.ts';
import {
  awarenessFrame,
  awarenessStates,
  messageType,
  openRawSocket,
  upgradeStatus,
  writeFrame,
  type RawSyncSocket,
} from '../support/raw-socket.ts';
import {
  addMember,
  api,
  createIncident,
  login,
  signUp,
  startTestServer,
  type Session,
  type TestServer,
} from '../support/server.ts';

let server: TestServer;
let owner: Session;
let editor: Session;
let viewer: Session;
let outsider: Session;
/** A private incident: owner, editor and viewer are members, outsider is not. */
let incidentId: string;
/** The owner's provider, watching what everyone else sees. */
let witness: SyncClient;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

beforeAll(async () => {
  server = await startTestServer();
  owner = await signUp(server, { name: 'Olga Owner' });
  editor = await signUp(server, { name: 'Eddie Editor' });
  viewer = await signUp(server, { name: 'Vera Viewer' });
  outsider = await signUp(server, { name: 'Otto Outsider' });
  incidentId = await createIncident(server, owner, 'Access under test');
  await addMember(server, owner, incidentId, editor, 'editor');
  await addMember(server, owner, incidentId, viewer, 'viewer');
  witness = connectClient(server.url, incidentId, owner);
  await witness.synced();
  addEvent(witness.doc, { occurredAt: '2026-03-10T13:52:10Z', text: 'baseline event' }, { userId: owner.user.id });
  await witness.saved();
});

afterAll(async () => {
  witness.destroy();
  await server.close();
});

const headersOf = (session: Session | null, origin: string | null = server.url) => ({
  ...(session ? { cookie: session.cookie } : {}),
  ...(origin ? { origin } : {}),
});

function client(session: Session, id = incidentId): SyncClient {
  const created = connectClient(server.url, id, session);
  cleanups.push(() => created.destroy());
  return created;
}

async function raw(session: Session, id = incidentId): Promise<RawSyncSocket> {
  const socket = await openRawSocket(server.url, id, headersOf(session));
  cleanups.push(() => socket.close());
  return socket;
}

/** The close event y-websocket reports for a server close in the 4400-4499 range ("permanent"). */
function closedEvent(target: SyncClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => target.provider.once('closed', (event) => resolve(event)));
}

/** Counts the permission-denied auth messages a provider receives. */
function countPermissionDenied(target: SyncClient): () => number {
  let count = 0;
  // Replaces the default handler, which only logs: here the denial is expected, and counted.
  target.provider.messageHandlers[MessageType.Auth] = () => {
    count += 1;
  };
  return () => count;
}

const permissionDenials = (socket: RawSyncSocket) =>
  socket.frames.filter(
    (frame) => messageType(frame) === MessageType.Auth && frame[1] === AuthMessageType.PermissionDenied,
  ).length;

/** An update that adds an event on top of what the witness has: what a writer would send. */
function forgedUpdate(text: string): Uint8Array {
  const forged = new Y.Doc();
  Y.applyUpdate(forged, Y.encodeStateAsUpdate(witness.doc));
  addEvent(forged, { occurredAt: '2026-03-10T14:00:00Z', text }, { userId: 'mallory' });
  return Y.encodeStateAsUpdate(forged, Y.encodeStateVector(witness.doc));
}

/** Nothing changed: not for the witness, not in the room, not in the store. */
async function expectDocumentUnchanged(before: ReturnType<typeof projectIncident>, id = incidentId) {
  if (id === incidentId) expect(projectIncident(witness.doc)).toEqual(before);
  const live = new Y.Doc();
  Y.applyUpdate(live, await server.sync.getDocumentState(id));
  expect(projectIncident(live)).toEqual(before);
  await server.sync.flushAll();
  const stored = await new SqlDocumentStore(server.sql).load(id);
  const fromStore = new Y.Doc();
  if (stored.checkpoint) Y.applyUpdate(fromStore, stored.checkpoint);
  for (const row of stored.updates) Y.applyUpdate(fromStore, row.update);
  expect(projectIncident(fromStore)).toEqual(before);
}

describe('websocket upgrade: refused before any Yjs byte is read', () => {
  it('no cookie → 401', async () => {
    expect(await upgradeStatus(server.url, incidentId, headersOf(null))).toBe(401);
  });

  it('an unknown session cookie → 401', async () => {
    expect(
      await upgradeStatus(server.url, incidentId, {
        cookie: 'parallax_session=notarealtokenatall',
        origin: server.url,
      }),
    ).toBe(401);
  });

  it('an expired session (expires_at moved into the past in the database) → 401', async () => {
    const expiring = await signUp(server);
    await addMember(server, owner, incidentId, expiring, 'editor');
    expect(await upgradeStatus(server.url, incidentId, headersOf(expiring))).toBe(101);
    await server.sql.query(`update sessions set expires_at = now() - interval '1 second' where user_id = $1`, [
      expiring.user.id,
    ]);
    expect(await upgradeStatus(server.url, incidentId, headersOf(expiring))).toBe(401);
  });

  it('a foreign Origin → 403', async () => {
    expect(await upgradeStatus(server.url, incidentId, headersOf(editor, 'http://evil.example'))).toBe(403);
  });

  it('no Origin header → 403', async () => {
    expect(await upgradeStatus(server.url, incidentId, headersOf(editor, null))).toBe(403);
  });

  it('a non-member of a private incident → 404, exactly like an incident that does not exist', async () => {
    expect(await upgradeStatus(server.url, incidentId, headersOf(outsider))).toBe(404);
    expect(await upgradeStatus(server.url, crypto.randomUUID(), headersOf(outsider))).toBe(404);
  });

  it('members are admitted (owner, editor, viewer → 101)', async () => {
    for (const member of [owner, editor, viewer]) {
      expect(await upgradeStatus(server.url, incidentId, headersOf(member))).toBe(101);
    }
  });
});

describe('a viewer socket can never change the document', () => {
  it('viewer sends updates (raw) → dropped, exactly one permission-denied message, document unchanged', async () => {
    const before = projectIncident(witness.doc);
    const socket = await raw(viewer);
    socket.send(writeFrame(forgedUpdate('viewer update 1'), 'update'));
    socket.send(writeFrame(forgedUpdate('viewer update 2'), 'update'));
    await socket.barrier();
    expect(permissionDenials(socket)).toBe(1);
    await expectDocumentUnchanged(before);
  });

  it('viewer sends sync step 2 with new content (raw) → dropped, document unchanged', async () => {
    const before = projectIncident(witness.doc);
    const socket = await raw(viewer);
    socket.send(writeFrame(forgedUpdate('viewer step 2'), 'step2'));
    await socket.barrier();
    expect(permissionDenials(socket)).toBe(1);
    await expectDocumentUnchanged(before);
  });

  it('viewer edits through the real y-websocket provider → dropped with a permission-denied notice, nobody sees it', async () => {
    const before = projectIncident(witness.doc);
    const reader = client(viewer);
    const denied = countPermissionDenied(reader);
    await reader.synced();
    expect(projectIncident(reader.doc)).toEqual(before);
    addEvent(reader.doc, { occurredAt: '2026-03-10T14:05:00Z', text: 'typed by a viewer' }, { userId: viewer.user.id });
    await eventually(() => expect(denied()).toBe(1));
    await expectDocumentUnchanged(before);
  });

  it('an editor socket (the control) does change it', async () => {
    const socket = await raw(editor);
    socket.send(writeFrame(forgedUpdate('editor update'), 'update'));
    await socket.barrier();
    expect(permissionDenials(socket)).toBe(0);
    await eventually(() =>
      expect(listEvents(witness.doc).map((event) => event.text?.toString())).toContain('editor update'),
    );
  });
});

describe('awareness is bound to the authenticated user', () => {
  it("forged awareness (another user's id and name, another client's id) → overwritten / dropped; others see the truth", async () => {
    const before = projectIncident(witness.doc);
    const forger = await raw(editor);
    const observer = await raw(owner);
    // The witness announces a presence, as the web app does, so its client id is owned by its connection.
    witness.provider.awareness.setLocalStateField('focus', 'baseline event');
    await eventually(() =>
      expect(awarenessStates(observer.frames).get(witness.doc.clientID)).toMatchObject({ focus: 'baseline event' }),
    );
    const forgedClientId = 424242;
    forger.send(
      awarenessFrame([
        {
          clientId: forgedClientId,
          clock: 1,
          state: { user: { id: owner.user.id, name: 'Olga Owner', role: 'owner', color: '#f00' }, cursor: 7 },
        },
      ]),
    );
    // Claiming the witness's own client id: somebody else's presence, refused.
    forger.send(
      awarenessFrame([
        { clientId: witness.doc.clientID, clock: 1_000_000, state: { user: { id: 'x', name: 'Hijacked' } } },
      ]),
    );
    await forger.barrier();
    // Anything the server broadcast for the forger's frames reached the observer before this answer.
    await observer.barrier();

    await eventually(() => {
      const seen = awarenessStates(observer.frames);
      expect(seen.get(forgedClientId)).toEqual({
        user: { id: editor.user.id, name: 'Eddie Editor', role: 'editor', color: '#f00' },
        cursor: 7,
      });
    });
    const witnessView = witness.provider.awareness.getStates();
    await eventually(() =>
      expect(witnessView.get(forgedClientId)).toMatchObject({ user: { id: editor.user.id, name: 'Eddie Editor' } }),
    );
    const ownPresence = awarenessStates(observer.frames).get(witness.doc.clientID) as
      { user?: { name?: string; id?: string } } | undefined;
    expect(ownPresence?.user).toMatchObject({ id: owner.user.id, name: 'Olga Owner' });
    await expectDocumentUnchanged(before);
  });
});

describe('sockets follow access changes made over HTTP', () => {
  it('a member removed mid-session → socket closed with 4409; reconnecting is refused (404)', async () => {
    const leaver = await signUp(server, { name: 'Leo Leaver' });
    await addMember(server, owner, incidentId, leaver, 'editor');
    const session = client(leaver);
    await session.synced();
    const closed = closedEvent(session);
    const removed = await api(server, 'DELETE', `/api/incidents/${incidentId}/members/${leaver.user.id}`, {
      cookie: owner.cookie,
    });
    expect(removed.status).toBe(204);
    expect((await closed).code).toBe(CloseCode.MEMBERSHIP_CHANGED);
    expect(await upgradeStatus(server.url, incidentId, headersOf(leaver))).toBe(404);

    const before = projectIncident(witness.doc);
    addEvent(session.doc, { occurredAt: '2026-03-10T14:06:00Z', text: 'after removal' }, { userId: leaver.user.id });
    session.provider.connect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(session.provider.wsconnected).toBe(false);
    await expectDocumentUnchanged(before);
  });

  it('a role downgraded editor → viewer mid-session → closed with 4409; after reconnecting, writes are dropped', async () => {
    const demoted = await signUp(server, { name: 'Dora Demoted' });
    await addMember(server, owner, incidentId, demoted, 'editor');
    const session = client(demoted);
    const denied = countPermissionDenied(session);
    await session.synced();
    const closed = closedEvent(session);
    const changed = await api(server, 'PATCH', `/api/incidents/${incidentId}/members/${demoted.user.id}`, {
      cookie: owner.cookie,
      body: { role: 'viewer' },
    });
    expect(changed.status).toBe(200);
    expect((await closed).code).toBe(CloseCode.MEMBERSHIP_CHANGED);

    session.provider.connect();
    await eventually(() => expect(session.provider.synced).toBe(true));
    const before = projectIncident(witness.doc);
    addEvent(session.doc, { occurredAt: '2026-03-10T14:07:00Z', text: 'as a viewer now' }, { userId: demoted.user.id });
    await eventually(() => expect(denied()).toBe(1));
    await expectDocumentUnchanged(before);
  });

  it("logout closes that session's sockets (4401) and only those", async () => {
    const [laptopCookie, phoneCookie] = [await login(server, editor.email), await login(server, editor.email)];
    const laptop = client({ ...editor, cookie: laptopCookie });
    const phone = client({ ...editor, cookie: phoneCookie });
    await Promise.all([laptop.synced(), phone.synced()]);
    const closed = closedEvent(laptop);
    expect((await api(server, 'POST', '/api/auth/logout', { cookie: laptopCookie })).status).toBe(204);
    expect((await closed).code).toBe(CloseCode.UNAUTHORIZED);
    expect(await upgradeStatus(server.url, incidentId, { cookie: laptopCookie, origin: server.url })).toBe(401);

    const before = projectIncident(witness.doc);
    addEvent(laptop.doc, { occurredAt: '2026-03-10T14:08:00Z', text: 'after logout' }, { userId: editor.user.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expectDocumentUnchanged(before);

    // The other session keeps working.
    const id = addEvent(phone.doc, { occurredAt: '2026-03-10T14:09:00Z', text: 'from the phone' }, { userId: 'p' });
    await eventually(() => expect(listEvents(witness.doc).some((event) => event.id === id)).toBe(true));
  });

  it("a password change closes the user's other sessions' sockets (4401)", async () => {
    const changer = await signUp(server, { name: 'Pat Password' });
    await addMember(server, owner, incidentId, changer, 'editor');
    const otherCookie = await login(server, changer.email);
    const other = client({ ...changer, cookie: otherCookie });
    await other.synced();
    const closed = closedEvent(other);
    const changed = await api(server, 'POST', '/api/me/password', {
      cookie: changer.cookie,
      body: { currentPassword: changer.password, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(204);
    expect((await closed).code).toBe(CloseCode.UNAUTHORIZED);
    expect(await upgradeStatus(server.url, incidentId, { cookie: otherCookie, origin: server.url })).toBe(401);
  });
});

describe('"everyone signed in may view" over the websocket', () => {
  it('a signed-in non-member reads but cannot write; switching it off closes the socket (4409) and reconnecting → 404', async () => {
    const openIncident = await createIncident(server, owner, 'Organisation-wide');
    const ownerView = client(owner, openIncident);
    await ownerView.synced();
    addEvent(ownerView.doc, { occurredAt: '2026-03-10T15:00:00Z', text: 'shared widely' }, { userId: owner.user.id });
    await ownerView.saved();
    expect(await upgradeStatus(server.url, openIncident, headersOf(outsider))).toBe(404);

    const opened = await api(server, 'PATCH', `/api/incidents/${openIncident}`, {
      cookie: owner.cookie,
      body: { organisationCanView: true },
    });
    expect(opened.status).toBe(200);
    const reader = client(outsider, openIncident);
    const denied = countPermissionDenied(reader);
    await reader.synced();
    const before = projectIncident(ownerView.doc);
    expect(projectIncident(reader.doc)).toEqual(before);
    addEvent(reader.doc, { occurredAt: '2026-03-10T15:01:00Z', text: 'not a member' }, { userId: outsider.user.id });
    await eventually(() => expect(denied()).toBe(1));
    expect(projectIncident(ownerView.doc)).toEqual(before);
    await expectDocumentUnchanged(before, openIncident);

    const closed = closedEvent(reader);
    await api(server, 'PATCH', `/api/incidents/${openIncident}`, {
      cookie: owner.cookie,
      body: { organisationCanView: false },
    });
    expect((await closed).code).toBe(CloseCode.MEMBERSHIP_CHANGED);
    expect(await upgradeStatus(server.url, openIncident, headersOf(outsider))).toBe(404);
    // The owner, a member, stays connected.
    expect(ownerView.provider.wsconnected).toBe(true);
  });
});
