import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailTakenError, LastOwnerError } from './errors.ts';
import { IncidentRepository } from './incident-repository.ts';
import { InviteRepository } from './invite-repository.ts';
import { LoginAttemptRepository } from './login-attempt-repository.ts';
import { MemberRepository } from './member-repository.ts';
import { migrate } from './migrate.ts';
import { SessionRepository } from './session-repository.ts';
import { SettingsRepository } from './settings-repository.ts';
import { databaseTargets } from './test-databases.ts';
import type { FreshDatabase } from './test-databases.ts';
import { UserRepository } from './user-repository.ts';

const HOUR = 60 * 60 * 1000;
/** A session id or token hash: 64 hex characters. */
const hash = () => (crypto.randomUUID() + crypto.randomUUID()).replaceAll('-', '');
const email = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;

for (const target of databaseTargets('account repositories')) {
  describe.skipIf(!target.available)(`account repositories on ${target.name}`, () => {
    let database: FreshDatabase;
    let users: UserRepository;
    let sessions: SessionRepository;
    let members: MemberRepository;
    let invites: InviteRepository;
    let incidents: IncidentRepository;
    let settings: SettingsRepository;
    let attempts: LoginAttemptRepository;

    beforeAll(async () => {
      database = await target.fresh();
      await migrate(database.sql);
      users = new UserRepository(database.sql);
      sessions = new SessionRepository(database.sql);
      members = new MemberRepository(database.sql);
      invites = new InviteRepository(database.sql);
      incidents = new IncidentRepository(database.sql);
      settings = new SettingsRepository(database.sql);
      attempts = new LoginAttemptRepository(database.sql);
    });

    afterAll(async () => {
      await database?.dispose();
    });

    const newUser = (label: string) =>
      users.create({ email: email(label), name: label, passwordHash: '$argon2id$fake', admin: 'if-first' });

    describe('UserRepository', () => {
      it('makes only the first real account the administrator; an account created with admin: false never is', async () => {
        const demo = await users.create({
          email: email('demo'),
          name: 'Demo',
          passwordHash: 'x',
          admin: false,
        });
        expect(demo.isAdmin).toBe(false);
        const [first, second] = await Promise.all([newUser('first'), newUser('second')]);
        expect([first.isAdmin, second.isAdmin].filter(Boolean)).toHaveLength(1);
        expect((await newUser('third')).isAdmin).toBe(false);
      });

      it('keeps emails unique and finds credentials by email', async () => {
        const address = email('unique');
        const created = await users.create({ email: address, name: 'Una', passwordHash: 'h1', admin: false });
        await expect(
          users.create({ email: address, name: 'Twin', passwordHash: 'h2', admin: false }),
        ).rejects.toBeInstanceOf(EmailTakenError);
        expect(await users.findCredentials(address)).toEqual({ user: created, passwordHash: 'h1' });
        expect(await users.findByEmail('nobody@example.test')).toBeUndefined();
        expect(await users.setPasswordHash(created.id, 'h3')).toBe(true);
        expect((await users.credentialsById(created.id))?.passwordHash).toBe('h3');
        expect(await users.get('not-a-uuid')).toBeUndefined();
      });

      it('refuses an email that is not normalised even when the edge validation is bypassed', async () => {
        await expect(
          users.create({ email: ' Mixed@Example.test', name: 'M', passwordHash: 'h', admin: false }),
        ).rejects.toThrow();
      });
    });

    describe('SessionRepository', () => {
      it('finds a session with its user in one query, extends it, and deletes it', async () => {
        const user = await newUser('session');
        const id = hash();
        const expiresAt = new Date(Date.now() + HOUR);
        await sessions.create({ id, userId: user.id, expiresAt });
        const found = await sessions.findWithUser(id);
        expect(found).toEqual({ session: { id, userId: user.id, expiresAt }, user });
        const later = new Date(Date.now() + 2 * HOUR);
        await sessions.setExpiry(id, later);
        expect((await sessions.findWithUser(id))?.session.expiresAt).toEqual(later);
        expect(await sessions.delete(id)).toBe(true);
        expect(await sessions.findWithUser(id)).toBeUndefined();
      });

      it("ends every session of a user but one, and nobody else's", async () => {
        const [alice, bob] = await Promise.all([newUser('alice'), newUser('bob')]);
        const expiresAt = new Date(Date.now() + HOUR);
        const [a1, a2, a3, b1] = [hash(), hash(), hash(), hash()];
        for (const [id, userId] of [
          [a1, alice.id],
          [a2, alice.id],
          [a3, alice.id],
          [b1, bob.id],
        ] as const) {
          await sessions.create({ id, userId, expiresAt });
        }
        expect((await sessions.deleteForUser(alice.id, { except: a1 })).sort()).toEqual([a2, a3].sort());
        expect(await sessions.findWithUser(a1)).toBeDefined();
        expect(await sessions.findWithUser(b1)).toBeDefined();
        expect(await sessions.deleteForUser(alice.id)).toEqual([a1]);
      });

      it('deletes expired sessions only', async () => {
        const user = await newUser('expiry');
        const [old, fresh] = [hash(), hash()];
        await sessions.create({ id: old, userId: user.id, expiresAt: new Date(Date.now() - 1000) });
        await sessions.create({ id: fresh, userId: user.id, expiresAt: new Date(Date.now() + HOUR) });
        expect(await sessions.deleteExpired()).toBeGreaterThanOrEqual(1);
        expect(await sessions.findWithUser(old)).toBeUndefined();
        expect(await sessions.findWithUser(fresh)).toBeDefined();
      });
    });

    describe('MemberRepository and incident visibility', () => {
      it('creates an incident with its owner, lists what each user may see with their role', async () => {
        const [owner, other] = await Promise.all([newUser('owner'), newUser('other')]);
        const privateOne = await incidents.create({ title: 'Private', ownerId: owner.id });
        const open = await incidents.create({ title: 'Open', ownerId: owner.id, organisationCanView: true });
        expect(privateOne).toMatchObject({ createdBy: owner.id, organisationCanView: false });
        expect(await members.list(privateOne.id)).toEqual([
          expect.objectContaining({ userId: owner.id, role: 'owner', email: owner.email, name: owner.name }),
        ]);

        const ownersView = await incidents.listVisibleTo(owner.id);
        expect(ownersView.map((row) => [row.incident.title, row.memberRole])).toEqual([
          ['Open', 'owner'],
          ['Private', 'owner'],
        ]);
        const othersView = await incidents.listVisibleTo(other.id);
        expect(othersView.map((row) => [row.incident.id, row.memberRole])).toEqual([[open.id, null]]);
        expect(await incidents.getForUser(privateOne.id, other.id)).toEqual({ incident: privateOne, memberRole: null });
        expect((await incidents.update(privateOne.id, { organisationCanView: true }))?.organisationCanView).toBe(true);
      });

      it('adds, upgrades without ever downgrading, changes and removes members', async () => {
        const [owner, editor] = await Promise.all([newUser('o'), newUser('e')]);
        const incident = await incidents.create({ title: 'Members', ownerId: owner.id });
        expect(
          await members.add({ incidentId: incident.id, userId: editor.id, role: 'editor', addedBy: owner.id }),
        ).toMatchObject({ role: 'editor', addedBy: owner.id });
        expect(
          await members.add({ incidentId: incident.id, userId: editor.id, role: 'viewer', addedBy: owner.id }),
        ).toBeUndefined();
        const grant = (role: 'viewer' | 'facilitator') =>
          members.grantAtLeast({ incidentId: incident.id, userId: editor.id, role, addedBy: owner.id });
        expect(await grant('viewer')).toBe('editor');
        expect(await grant('facilitator')).toBe('facilitator');
        expect((await members.changeRole(incident.id, editor.id, 'viewer'))?.role).toBe('viewer');
        expect(await members.remove(incident.id, editor.id)).toBe(true);
        expect(await members.remove(incident.id, editor.id)).toBe(false);
        expect(await members.changeRole(incident.id, editor.id, 'owner')).toBeUndefined();
      });

      it('never leaves an incident without an owner, even when two owners step down at once', async () => {
        const [first, second] = await Promise.all([newUser('o1'), newUser('o2')]);
        const incident = await incidents.create({ title: 'Owners', ownerId: first.id });
        await expect(members.changeRole(incident.id, first.id, 'editor')).rejects.toBeInstanceOf(LastOwnerError);
        await expect(members.remove(incident.id, first.id)).rejects.toBeInstanceOf(LastOwnerError);
        await members.add({ incidentId: incident.id, userId: second.id, role: 'owner', addedBy: first.id });
        const results = await Promise.allSettled([
          members.changeRole(incident.id, first.id, 'editor'),
          members.remove(incident.id, second.id),
        ]);
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((result) => result.status === 'rejected');
        expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(LastOwnerError);
        expect((await members.list(incident.id)).filter((member) => member.role === 'owner')).toHaveLength(1);
      });

      it('lets an administrator adopt incidents that have no owner', async () => {
        const orphan = await incidents.create({ title: 'From before accounts', createdBy: 'guest' });
        const adopter = await newUser('adopter');
        expect(await members.adoptOwnerless(adopter.id)).toBeGreaterThanOrEqual(1);
        expect((await members.get(orphan.id, adopter.id))?.role).toBe('owner');
        expect(await members.adoptOwnerless(adopter.id)).toBe(0);
      });
    });

    describe('InviteRepository', () => {
      it('creates, lists active, previews, accepts (never downgrading) and revokes invites', async () => {
        const [owner, guest] = await Promise.all([newUser('inviter'), newUser('guest')]);
        const incident = await incidents.create({ title: 'Invited', ownerId: owner.id });
        const tokenHash = hash();
        const invite = await invites.create({
          incidentId: incident.id,
          tokenHash,
          role: 'editor',
          expiresAt: new Date(Date.now() + HOUR),
          createdBy: owner.id,
        });
        expect(invite).toMatchObject({ incidentId: incident.id, role: 'editor', revokedAt: null, createdBy: owner.id });
        const stale = await invites.create({
          incidentId: incident.id,
          tokenHash: hash(),
          role: 'viewer',
          expiresAt: new Date(Date.now() - 1000),
          createdBy: owner.id,
        });
        expect((await invites.listActive(incident.id)).map((row) => row.id)).toEqual([invite.id]);
        expect(await invites.findByTokenHash(tokenHash)).toEqual({
          invite,
          incident: { id: incident.id, title: 'Invited' },
        });

        expect(await invites.accept(tokenHash, guest.id)).toEqual({
          status: 'accepted',
          incidentId: incident.id,
          role: 'editor',
        });
        // The owner accepting their own editor invite stays owner.
        expect(await invites.accept(tokenHash, owner.id)).toMatchObject({ status: 'accepted', role: 'owner' });
        const staleHash = (
          await database.sql.query<{ token_hash: string }>('select token_hash from invites where id = $1', [stale.id])
        )[0]!.token_hash;
        expect(await invites.accept(staleHash, guest.id)).toEqual({ status: 'expired' });
        expect(await invites.accept(hash(), guest.id)).toEqual({ status: 'not-found' });

        expect(await invites.revoke(incident.id, invite.id)).toBe(true);
        expect(await invites.revoke(crypto.randomUUID(), invite.id)).toBe(false);
        expect(await invites.accept(tokenHash, guest.id)).toEqual({ status: 'expired' });
        expect(await invites.listActive(incident.id)).toEqual([]);
      });
    });

    describe('SettingsRepository', () => {
      it('starts with open signup and stores the mode', async () => {
        expect(await settings.get()).toEqual({ signupMode: 'open' });
        expect(await settings.update({ signupMode: 'invite-only' }, null)).toEqual({ signupMode: 'invite-only' });
        expect(await settings.get()).toEqual({ signupMode: 'invite-only' });
        expect(await settings.update({}, null)).toEqual({ signupMode: 'invite-only' });
        await settings.update({ signupMode: 'open' }, null);
      });
    });

    describe('LoginAttemptRepository', () => {
      it('counts failures per key within the window, prunes old ones and clears a key', async () => {
        const [account, address] = [`email:${email('limited')}`, `address:${crypto.randomUUID()}`];
        await attempts.recordFailure([account, address], HOUR);
        await attempts.recordFailure([account], HOUR);
        const counts = await attempts.recentFailures([account, address, 'email:never'], HOUR);
        expect(counts.get(account)?.count).toBe(2);
        expect(counts.get(address)?.count).toBe(1);
        expect(counts.get(account)?.oldestAt).toBeInstanceOf(Date);
        expect(counts.get('email:never')).toEqual({ count: 0, oldestAt: null });
        // A failure older than the window does not count.
        await database.sql.query(`update login_attempts set attempted_at = now() - interval '2 hours' where key = $1`, [
          address,
        ]);
        expect((await attempts.recentFailures([address], HOUR)).get(address)?.count).toBe(0);
        expect(await attempts.prune(HOUR)).toBeGreaterThanOrEqual(1);
        await attempts.clear(account);
        expect((await attempts.recentFailures([account], HOUR)).get(account)?.count).toBe(0);
      });
    });
  });
}
