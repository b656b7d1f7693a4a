import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/tokens.ts';
import { startTestApp, type SignedIn, type TestApp } from './test-app.ts';

const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

interface MemberBody {
  userId: string;
  email: string;
  name: string;
  role: string;
  addedAt: string;
}

describe('incident members, invites and organisation visibility', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ publicUrl: 'https://reviews.example.org' });
  });

  afterAll(async () => {
    await t.close();
  });

  /** Requests as one account, from our own origin (PUBLIC_URL's here). */
  const as = (who: SignedIn) => ({
    get: (path: string) => t.request('GET', path, { cookie: who.cookie }),
    send: (method: string, path: string, body?: unknown) => t.request(method, path, { cookie: who.cookie, body }),
  });

  const signUp = (name: string) => t.signUp({ name });

  async function incidentOf(owner: SignedIn, title = 'Incident'): Promise<string> {
    const response = await as(owner).send('POST', '/api/incidents', { title });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { incident: { id: string }; role: string };
    expect(body.role).toBe('owner');
    return body.incident.id;
  }

  describe('members', () => {
    it('the creator is the owner; owners add members by email (any case) and everyone sees the list', async () => {
      const [owner, ed] = [await signUp('Olga'), await signUp('Ed')];
      const id = await incidentOf(owner, 'Members list');
      const added = await as(owner).send('POST', `/api/incidents/${id}/members`, {
        email: ed.email.toUpperCase(),
        role: 'editor',
      });
      expect(added.status).toBe(201);
      expect(((await added.json()) as { member: MemberBody }).member).toEqual({
        userId: ed.user.id,
        email: ed.email,
        name: 'Ed',
        role: 'editor',
        addedAt: expect.any(String),
      });
      const list = (await (await as(ed).get(`/api/incidents/${id}/members`)).json()) as { members: MemberBody[] };
      expect(list.members.map((member) => [member.name, member.role])).toEqual([
        ['Olga', 'owner'],
        ['Ed', 'editor'],
      ]);
      const mine = (await (await as(ed).get(`/api/incidents/${id}`)).json()) as { role: string };
      expect(mine.role).toBe('editor');
    });

    it('adding an email without an account → 404 user_not_found with a clear message; twice → 409 already_member', async () => {
      const [owner, ed] = [await signUp('Owen'), await signUp('Edna')];
      const id = await incidentOf(owner, 'No such account');
      const missing = await as(owner).send('POST', `/api/incidents/${id}/members`, {
        email: 'ghost@example.test',
        role: 'viewer',
      });
      expect(missing.status).toBe(404);
      const error = await errorOf(missing);
      expect(error.code).toBe('user_not_found');
      expect(error.message).toContain('ghost@example.test');
      expect(error.message).toMatch(/sign up|invite/);
      await as(owner).send('POST', `/api/incidents/${id}/members`, { email: ed.email, role: 'viewer' });
      const again = await as(owner).send('POST', `/api/incidents/${id}/members`, { email: ed.email, role: 'editor' });
      expect(again.status).toBe(409);
      expect((await errorOf(again)).code).toBe('already_member');
    });

    it('never leaves an incident without an owner (409 last_owner), and a member may remove themselves', async () => {
      const [owner, second, viewer] = [await signUp('Ona'), await signUp('Sam'), await signUp('Vic')];
      const id = await incidentOf(owner, 'Last owner');
      const demote = await as(owner).send('PATCH', `/api/incidents/${id}/members/${owner.user.id}`, { role: 'editor' });
      expect(demote.status).toBe(409);
      expect((await errorOf(demote)).code).toBe('last_owner');
      const leave = await as(owner).send('DELETE', `/api/incidents/${id}/members/${owner.user.id}`);
      expect(leave.status).toBe(409);
      expect((await errorOf(leave)).code).toBe('last_owner');

      await as(owner).send('POST', `/api/incidents/${id}/members`, { email: viewer.email, role: 'viewer' });
      expect((await as(viewer).send('DELETE', `/api/incidents/${id}/members/${viewer.user.id}`)).status).toBe(204);
      expect((await as(viewer).get(`/api/incidents/${id}`)).status).toBe(404);

      await as(owner).send('POST', `/api/incidents/${id}/members`, { email: second.email, role: 'owner' });
      expect((await as(owner).send('DELETE', `/api/incidents/${id}/members/${owner.user.id}`)).status).toBe(204);
      const members = (await (await as(second).get(`/api/incidents/${id}/members`)).json()) as {
        members: MemberBody[];
      };
      expect(members.members.map((member) => [member.userId, member.role])).toEqual([[second.user.id, 'owner']]);
    });

    it('changing the role of a non-member → 404', async () => {
      const [owner, stranger] = [await signUp('Opal'), await signUp('Stan')];
      const id = await incidentOf(owner, 'Non-member');
      const response = await as(owner).send('PATCH', `/api/incidents/${id}/members/${stranger.user.id}`, {
        role: 'viewer',
      });
      expect(response.status).toBe(404);
    });
  });

  describe('invite links', () => {
    it('create → preview → accept; the link is built on PUBLIC_URL and only the token hash is stored', async () => {
      const [owner, guest] = [await signUp('Ivy'), await signUp('Gus')];
      const id = await incidentOf(owner, 'Invited review');
      const created = await as(owner).send('POST', `/api/incidents/${id}/invites`, { role: 'editor' });
      expect(created.status).toBe(201);
      const body = (await created.json()) as {
        invite: { id: string; role: string; expiresAt: string; createdBy: string };
        token: string;
        url: string;
      };
      expect(body.invite).toMatchObject({ role: 'editor', createdBy: owner.user.id });
      expect(body.url).toBe(`https://reviews.example.org/invites/${body.token}`);
      // The default lifetime is a week.
      expect(Math.abs(Date.parse(body.invite.expiresAt) - (Date.now() + 168 * 3600_000))).toBeLessThan(60_000);
      const stored = await t.sql.query<{ token_hash: string }>('select token_hash from invites where id = $1', [
        body.invite.id,
      ]);
      expect(stored).toEqual([{ token_hash: hashToken(body.token) }]);

      const listed = (await (await as(owner).get(`/api/incidents/${id}/invites`)).json()) as { invites: unknown[] };
      expect(listed.invites).toEqual([body.invite]);

      const preview = await as(guest).get(`/api/invites/${body.token}`);
      expect(preview.status).toBe(200);
      expect(await preview.json()).toEqual({
        incident: { id, title: 'Invited review' },
        role: 'editor',
        expiresAt: body.invite.expiresAt,
      });
      const accepted = await as(guest).send('POST', `/api/invites/${body.token}/accept`);
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toEqual({ incidentId: id, role: 'editor' });
      expect(((await (await as(guest).get(`/api/incidents/${id}`)).json()) as { role: string }).role).toBe('editor');
    });

    it('accepting never downgrades: an editor accepting a viewer invite stays editor', async () => {
      const [owner, ed] = [await signUp('Una'), await signUp('Eli')];
      const id = await incidentOf(owner, 'No downgrade');
      await as(owner).send('POST', `/api/incidents/${id}/members`, { email: ed.email, role: 'editor' });
      const { token } = (await (
        await as(owner).send('POST', `/api/incidents/${id}/invites`, { role: 'viewer' })
      ).json()) as { token: string };
      expect(await (await as(ed).send('POST', `/api/invites/${token}/accept`)).json()).toEqual({
        incidentId: id,
        role: 'editor',
      });
    });

    it('revoked and expired invites → 410 invite_expired; an unknown token → 404', async () => {
      const [owner, guest] = [await signUp('Rex'), await signUp('Gia')];
      const id = await incidentOf(owner, 'Revoked');
      const revoked = (await (
        await as(owner).send('POST', `/api/incidents/${id}/invites`, { role: 'viewer', expiresInHours: 1 })
      ).json()) as { invite: { id: string }; token: string };
      expect((await as(owner).send('DELETE', `/api/incidents/${id}/invites/${revoked.invite.id}`)).status).toBe(204);
      expect((await as(owner).get(`/api/incidents/${id}/invites`)).status).toBe(200);
      for (const response of [
        await as(guest).get(`/api/invites/${revoked.token}`),
        await as(guest).send('POST', `/api/invites/${revoked.token}/accept`),
      ]) {
        expect(response.status).toBe(410);
        expect((await errorOf(response)).code).toBe('invite_expired');
      }

      const expiring = (await (
        await as(owner).send('POST', `/api/incidents/${id}/invites`, { role: 'viewer' })
      ).json()) as { invite: { id: string }; token: string };
      await t.sql.query(`update invites set expires_at = now() - interval '1 minute' where id = $1`, [
        expiring.invite.id,
      ]);
      expect((await as(guest).send('POST', `/api/invites/${expiring.token}/accept`)).status).toBe(410);
      expect((await as(guest).get(`/api/incidents/${id}`)).status).toBe(404);
      expect(((await (await as(owner).get(`/api/incidents/${id}/invites`)).json()) as { invites: [] }).invites).toEqual(
        [],
      );
      expect((await as(guest).get('/api/invites/abcdefghijklmnopqrstuvwxyz234567')).status).toBe(404);
    });

    it('facilitators invite editors and viewers only; lifetimes outside 1..720 hours → 400', async () => {
      const [owner, facilitator] = [await signUp('Ophelia'), await signUp('Felix')];
      const id = await incidentOf(owner, 'Facilitated');
      await as(owner).send('POST', `/api/incidents/${id}/members`, { email: facilitator.email, role: 'facilitator' });
      for (const role of ['viewer', 'editor']) {
        expect((await as(facilitator).send('POST', `/api/incidents/${id}/invites`, { role })).status).toBe(201);
      }
      for (const role of ['facilitator', 'owner']) {
        const response = await as(facilitator).send('POST', `/api/incidents/${id}/invites`, { role });
        expect(response.status).toBe(403);
        expect((await errorOf(response)).code).toBe('forbidden');
      }
      expect((await as(owner).send('POST', `/api/incidents/${id}/invites`, { role: 'owner' })).status).toBe(201);
      for (const expiresInHours of [0, 721, 1.5]) {
        const response = await as(owner).send('POST', `/api/incidents/${id}/invites`, {
          role: 'viewer',
          expiresInHours,
        });
        expect(response.status).toBe(400);
        expect((await errorOf(response)).message).toContain('expiresInHours');
      }
    });
  });

  describe('"everyone signed in may view" (organisationCanView)', () => {
    it('lets a signed-in non-member read (as viewer) but not write; only owners switch it', async () => {
      const [owner, editor, reader] = [await signUp('Orla'), await signUp('Evan'), await signUp('Rita')];
      const id = await incidentOf(owner, 'Organisation-wide review');
      await as(owner).send('POST', `/api/incidents/${id}/members`, { email: editor.email, role: 'editor' });
      expect((await as(reader).get(`/api/incidents/${id}`)).status).toBe(404);
      const listed = () =>
        as(reader)
          .get('/api/incidents')
          .then((response) => response.json() as Promise<{ incidents: { id: string; role: string }[] }>);
      expect((await listed()).incidents.map((incident) => incident.id)).not.toContain(id);

      const byEditor = await as(editor).send('PATCH', `/api/incidents/${id}`, { organisationCanView: true });
      expect(byEditor.status).toBe(403);
      const byOwner = await as(owner).send('PATCH', `/api/incidents/${id}`, { organisationCanView: true });
      expect(byOwner.status).toBe(200);
      expect(
        ((await byOwner.json()) as { incident: { organisationCanView: boolean } }).incident.organisationCanView,
      ).toBe(true);

      const read = await as(reader).get(`/api/incidents/${id}`);
      expect(read.status).toBe(200);
      expect(((await read.json()) as { role: string }).role).toBe('viewer');
      expect((await listed()).incidents.find((incident) => incident.id === id)?.role).toBe('viewer');
      const write = await as(reader).send('PATCH', `/api/incidents/${id}`, { title: 'Taken over' });
      expect(write.status).toBe(403);
      expect((await as(reader).get(`/api/incidents/${id}/members`)).status).toBe(403);

      await as(owner).send('PATCH', `/api/incidents/${id}`, { organisationCanView: false });
      expect((await as(reader).get(`/api/incidents/${id}`)).status).toBe(404);
    });
  });
});
