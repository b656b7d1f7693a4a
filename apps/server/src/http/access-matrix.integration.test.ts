/**
 * The HTTP access matrix. The endpoints are read from the app's own route table, so an endpoint added without a row
 * here fails the suite. For every endpoint: no session → 401, a foreign or missing Origin on a mutation → 403
 * bad_origin, each role just below the one needed → 403 (or 404 where the incident's existence must not leak), and
 * the weakest role that is allowed succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEvent } from '@parallax/model';
import { TEST_PASSWORD, startTestApp, uniqueEmail, type SignedIn, type TestApp } from './test-app.ts';

type Who = 'admin' | 'owner' | 'facilitator' | 'editor' | 'viewer' | 'outsider';

/** One private incident with a member of every role, an outsider, an editor invite, an event and an open round. */
interface World {
  accounts: Record<Who, SignedIn>;
  incidentId: string;
  inviteId: string;
  inviteToken: string;
  eventId: string;
  roundId: string;
  /** The round's snapshot. */
  snapshotId: string;
}

interface EndpointCase {
  /** Works without a session (signup, login). */
  public?: true;
  path(world: World): string;
  body?(world: World): unknown;
  /** The strongest callers that must still be refused, and how. */
  refused: { who: Who; status: 403 | 404 }[];
  /** The weakest caller that is allowed (null: nobody signed in), and the success status. */
  allowed: { who: Who | null; status: number };
}

const EVIL_ORIGIN = 'http://evil.example';

const CASES: Record<string, EndpointCase> = {
  'POST /api/auth/signup': {
    public: true,
    path: () => '/api/auth/signup',
    body: () => ({ email: uniqueEmail('matrix'), password: TEST_PASSWORD, name: 'New person' }),
    refused: [],
    allowed: { who: null, status: 201 },
  },
  'POST /api/auth/login': {
    public: true,
    path: () => '/api/auth/login',
    body: (world) => ({ email: world.accounts.outsider.email, password: TEST_PASSWORD }),
    refused: [],
    allowed: { who: null, status: 200 },
  },
  'POST /api/auth/logout': {
    path: () => '/api/auth/logout',
    refused: [],
    allowed: { who: 'outsider', status: 204 },
  },
  'POST /api/me/password': {
    path: () => '/api/me/password',
    body: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'an entirely new passphrase' }),
    refused: [],
    allowed: { who: 'outsider', status: 204 },
  },
  'PATCH /api/admin/settings': {
    path: () => '/api/admin/settings',
    body: () => ({ signupMode: 'open' }),
    refused: [{ who: 'owner', status: 403 }],
    allowed: { who: 'admin', status: 200 },
  },
  'POST /api/incidents': {
    path: () => '/api/incidents',
    body: () => ({ title: 'Created in the matrix' }),
    refused: [],
    allowed: { who: 'outsider', status: 201 },
  },
  'PATCH /api/incidents/:id': {
    path: (world) => `/api/incidents/${world.incidentId}`,
    body: () => ({ title: 'Renamed' }),
    refused: [
      { who: 'viewer', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'editor', status: 200 },
  },
  'DELETE /api/incidents/:id': {
    path: (world) => `/api/incidents/${world.incidentId}`,
    refused: [
      { who: 'facilitator', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'owner', status: 200 },
  },
  'POST /api/incidents/:id/members': {
    path: (world) => `/api/incidents/${world.incidentId}/members`,
    body: (world) => ({ email: world.accounts.admin.email, role: 'viewer' }),
    refused: [
      { who: 'facilitator', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'owner', status: 201 },
  },
  'PATCH /api/incidents/:id/members/:userId': {
    path: (world) => `/api/incidents/${world.incidentId}/members/${world.accounts.viewer.user.id}`,
    body: () => ({ role: 'editor' }),
    refused: [
      { who: 'facilitator', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'owner', status: 200 },
  },
  'DELETE /api/incidents/:id/members/:userId': {
    path: (world) => `/api/incidents/${world.incidentId}/members/${world.accounts.viewer.user.id}`,
    refused: [
      { who: 'facilitator', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'owner', status: 204 },
  },
  'POST /api/incidents/:id/invites': {
    path: (world) => `/api/incidents/${world.incidentId}/invites`,
    body: () => ({ role: 'viewer' }),
    refused: [
      { who: 'editor', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'facilitator', status: 201 },
  },
  'DELETE /api/incidents/:id/invites/:inviteId': {
    path: (world) => `/api/incidents/${world.incidentId}/invites/${world.inviteId}`,
    refused: [
      { who: 'editor', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'facilitator', status: 204 },
  },
  'POST /api/invites/:token/accept': {
    path: (world) => `/api/invites/${world.inviteToken}/accept`,
    refused: [],
    allowed: { who: 'outsider', status: 200 },
  },
  'GET /api/me': {
    path: () => '/api/me',
    refused: [],
    allowed: { who: 'outsider', status: 200 },
  },
  'GET /api/me/preferences': {
    path: () => '/api/me/preferences',
    refused: [],
    allowed: { who: 'outsider', status: 200 },
  },
  'PUT /api/me/preferences': {
    path: () => '/api/me/preferences',
    body: () => ({ timeZoneMode: 'utc', theme: 'dark' }),
    refused: [],
    allowed: { who: 'outsider', status: 200 },
  },
  'GET /api/incidents/:id/last-view': {
    path: (world) => `/api/incidents/${world.incidentId}/last-view`,
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 200 },
  },
  'PUT /api/incidents/:id/last-view': {
    path: (world) => `/api/incidents/${world.incidentId}/last-view`,
    body: () => ({ lastViewedAt: '2026-03-10T14:05:00.000Z' }),
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 200 },
  },
  'GET /api/admin/settings': {
    path: () => '/api/admin/settings',
    refused: [{ who: 'owner', status: 403 }],
    allowed: { who: 'admin', status: 200 },
  },
  'GET /api/incidents': {
    path: () => '/api/incidents',
    refused: [],
    allowed: { who: 'outsider', status: 200 },
  },
  'GET /api/incidents/:id': {
    path: (world) => `/api/incidents/${world.incidentId}`,
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 200 },
  },
  'GET /api/incidents/:id/members': {
    path: (world) => `/api/incidents/${world.incidentId}/members`,
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 200 },
  },
  'GET /api/incidents/:id/invites': {
    path: (world) => `/api/incidents/${world.incidentId}/invites`,
    refused: [
      { who: 'editor', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'facilitator', status: 200 },
  },
  'POST /api/incidents/:id/rounds': {
    path: (world) => `/api/incidents/${world.incidentId}/rounds`,
    body: () => ({ label: 'Matrix round' }),
    refused: [
      { who: 'editor', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'facilitator', status: 201 },
  },
  'GET /api/incidents/:id/rounds': {
    path: (world) => `/api/incidents/${world.incidentId}/rounds`,
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 200 },
  },
  'GET /api/rounds/:roundId': {
    path: (world) => `/api/rounds/${world.roundId}`,
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 200 },
  },
  'POST /api/rounds/:roundId/feedback': {
    path: (world) => `/api/rounds/${world.roundId}/feedback`,
    body: (world) => ({ itemType: 'event', itemId: world.eventId, kind: 'correction', text: 'It was later.' }),
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 201 },
  },
  'POST /api/rounds/:roundId/reviewed': {
    path: (world) => `/api/rounds/${world.roundId}/reviewed`,
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 200 },
  },
  'POST /api/rounds/:roundId/close': {
    path: (world) => `/api/rounds/${world.roundId}/close`,
    refused: [
      { who: 'editor', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'facilitator', status: 200 },
  },
  'POST /api/incidents/:id/snapshots': {
    path: (world) => `/api/incidents/${world.incidentId}/snapshots`,
    body: () => ({ label: 'Matrix snapshot' }),
    refused: [
      { who: 'viewer', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'editor', status: 201 },
  },
  'GET /api/incidents/:id/snapshots': {
    path: (world) => `/api/incidents/${world.incidentId}/snapshots`,
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 200 },
  },
  'GET /api/incidents/:id/diff': {
    path: (world) => `/api/incidents/${world.incidentId}/diff?from=${world.snapshotId}&to=live`,
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 200 },
  },
  'GET /api/snapshots/:snapshotId': {
    path: (world) => `/api/snapshots/${world.snapshotId}`,
    refused: [{ who: 'outsider', status: 404 }],
    allowed: { who: 'viewer', status: 200 },
  },
  'POST /api/snapshots/:snapshotId/restore': {
    path: (world) => `/api/snapshots/${world.snapshotId}/restore`,
    refused: [
      { who: 'editor', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'facilitator', status: 200 },
  },
  'POST /api/snapshots/:snapshotId/fork': {
    path: (world) => `/api/snapshots/${world.snapshotId}/fork`,
    body: () => ({ title: 'Matrix fork' }),
    refused: [
      { who: 'viewer', status: 403 },
      { who: 'outsider', status: 404 },
    ],
    allowed: { who: 'editor', status: 201 },
  },
  'GET /api/invites/:token': {
    path: (world) => `/api/invites/${world.inviteToken}`,
    refused: [],
    allowed: { who: 'outsider', status: 200 },
  },
};

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// The route table is read at collection time, so every endpoint gets its own named tests.
const testApp: TestApp = await startTestApp();
afterAll(() => testApp.close());

const endpoints = [
  ...new Set(
    testApp.app.routes
      .filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/'))
      .map((route) => `${route.method} ${route.path}`),
  ),
].sort();

/** The administrator is the first account on the instance, so it is made before any world. */
let admin: SignedIn;
beforeAll(async () => {
  admin = await testApp.signUp({ name: 'Ada Admin' });
  expect(admin.user.isAdmin).toBe(true);
});

async function buildWorld(): Promise<World> {
  const signUp = (name: string) => testApp.signUp({ name });
  const [owner, facilitator, editor, viewer, outsider] = await Promise.all([
    signUp('Olga Owner'),
    signUp('Fatima Facilitator'),
    signUp('Eddie Editor'),
    signUp('Vera Viewer'),
    signUp('Otto Outsider'),
  ]);
  const incidentId = await testApp.createIncident(owner.cookie, 'Matrix incident');
  for (const [member, role] of [
    [facilitator, 'facilitator'],
    [editor, 'editor'],
    [viewer, 'viewer'],
  ] as const) {
    const added = await testApp.request('POST', `/api/incidents/${incidentId}/members`, {
      cookie: owner.cookie,
      body: { email: member.email, role },
    });
    expect(added.status).toBe(201);
  }
  const invited = await testApp.request('POST', `/api/incidents/${incidentId}/invites`, {
    cookie: owner.cookie,
    body: { role: 'editor' },
  });
  expect(invited.status).toBe(201);
  const { invite, token } = (await invited.json()) as { invite: { id: string }; token: string };
  let eventId = '';
  await testApp.sync.withDocument(incidentId, (doc) => {
    eventId = addEvent(doc, { occurredAt: '2026-03-10T13:41:00Z', text: 'Alert fired' }, { userId: owner.user.id });
  });
  const opened = await testApp.request('POST', `/api/incidents/${incidentId}/rounds`, {
    cookie: owner.cookie,
    body: {},
  });
  expect(opened.status).toBe(201);
  const { round } = (await opened.json()) as { round: { id: string; snapshotId: string } };
  return {
    accounts: { admin, owner, facilitator, editor, viewer, outsider },
    incidentId,
    inviteId: invite.id,
    inviteToken: token,
    eventId,
    roundId: round.id,
    snapshotId: round.snapshotId,
  };
}

describe('HTTP access matrix', () => {
  it('covers every API endpoint of the app (a new endpoint needs a row in CASES)', () => {
    expect(endpoints.filter((endpoint) => !(endpoint in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((endpoint) => !endpoints.includes(endpoint))).toEqual([]);
  });

  for (const endpoint of endpoints) {
    const method = endpoint.split(' ')[0] ?? '';
    const rule = CASES[endpoint];
    describe(endpoint, () => {
      if (!rule) {
        it('has an access rule in CASES', () => expect.fail(`${endpoint} has no row in the access matrix`));
        return;
      }
      let world: World;
      beforeAll(async () => {
        world = await buildWorld();
      });

      const send = (who: Who | null, origin?: string | null) =>
        testApp.request(method, rule.path(world), {
          cookie: who === null ? undefined : world.accounts[who].cookie,
          body: rule.body?.(world),
          origin,
        });

      if (!rule.public) {
        it('no session → 401 unauthenticated', async () => {
          const response = await send(null);
          expect(response.status).toBe(401);
          expect(await errorCode(response)).toBe('unauthenticated');
        });
      }

      if (MUTATING.has(method)) {
        it(`foreign Origin (${EVIL_ORIGIN}) → 403 bad_origin`, async () => {
          const response = await send(rule.allowed.who, EVIL_ORIGIN);
          expect(response.status).toBe(403);
          expect(await errorCode(response)).toBe('bad_origin');
        });
        it('no Origin header → 403 bad_origin', async () => {
          const response = await send(rule.allowed.who, null);
          expect(response.status).toBe(403);
          expect(await errorCode(response)).toBe('bad_origin');
        });
      }

      for (const refusal of rule.refused) {
        const code = refusal.status === 403 ? 'forbidden' : 'not_found';
        it(`${refusal.who} → ${refusal.status} ${code}`, async () => {
          const response = await send(refusal.who);
          expect(response.status).toBe(refusal.status);
          expect(await errorCode(response)).toBe(code);
        });
      }

      // Last, because it may change the world (archive, remove a member, end a session).
      it(`${rule.allowed.who ?? 'anyone'} (allowed) → ${rule.allowed.status}`, async () => {
        const response = await send(rule.allowed.who);
        expect(response.status, await response.clone().text()).toBe(rule.allowed.status);
      });
    });
  }
});

async function errorCode(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { error?: { code?: string } };
  return body.error?.code;
}
