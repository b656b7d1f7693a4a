import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentRepository } from './incident-repository.ts';
import { IncidentViewRepository } from './incident-view-repository.ts';
import { migrate } from './migrate.ts';
import { DEFAULT_PREFERENCES, PreferenceRepository } from './preference-repository.ts';
import { databaseTargets, type FreshDatabase } from './test-databases.ts';
import { UserRepository } from './user-repository.ts';

let counter = 0;

for (const target of databaseTargets('preferences and incident views')) {
  describe.skipIf(!target.available)(`preferences and last views on ${target.name}`, () => {
    let database: FreshDatabase;
    let users: UserRepository;
    let incidents: IncidentRepository;
    let preferences: PreferenceRepository;
    let views: IncidentViewRepository;

    beforeAll(async () => {
      database = await target.fresh();
      await migrate(database.sql);
      users = new UserRepository(database.sql);
      incidents = new IncidentRepository(database.sql);
      preferences = new PreferenceRepository(database.sql);
      views = new IncidentViewRepository(database.sql);
    });

    afterAll(async () => {
      await database?.dispose();
    });

    async function newUser(): Promise<string> {
      counter += 1;
      const user = await users.create({
        email: `viewer-${counter}@example.test`,
        name: `Viewer ${counter}`,
        passwordHash: '$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA',
        admin: false,
      });
      return user.id;
    }

    it('gives the defaults until someone chooses, then what they chose, per person', async () => {
      const [alice, bob] = [await newUser(), await newUser()];
      expect(await preferences.get(alice)).toEqual(DEFAULT_PREFERENCES);
      expect(await preferences.put(alice, { timeZoneMode: 'reference', theme: 'dark' })).toEqual({
        timeZoneMode: 'reference',
        theme: 'dark',
      });
      expect(await preferences.put(alice, { timeZoneMode: 'utc', theme: 'dark' })).toEqual({
        timeZoneMode: 'utc',
        theme: 'dark',
      });
      expect(await preferences.get(alice)).toEqual({ timeZoneMode: 'utc', theme: 'dark' });
      expect(await preferences.get(bob)).toEqual(DEFAULT_PREFERENCES);
    });

    it('keeps the last view per person per incident, only moving forward and never into the future', async () => {
      const [alice, bob] = [await newUser(), await newUser()];
      const incident = await incidents.create({ title: 'Views' });
      const other = await incidents.create({ title: 'Other views' });
      expect(await views.lastViewedAt(incident.id, alice)).toBeNull();

      expect(await views.record(incident.id, alice, '2026-03-10T14:00:00.000Z')).toBe('2026-03-10T14:00:00.000Z');
      expect(await views.record(incident.id, alice, '2026-03-10T12:00:00.000Z')).toBe('2026-03-10T14:00:00.000Z');
      expect(await views.lastViewedAt(incident.id, alice)).toBe('2026-03-10T14:00:00.000Z');
      expect(await views.lastViewedAt(incident.id, bob)).toBeNull();
      expect(await views.lastViewedAt(other.id, alice)).toBeNull();

      const before = Date.now();
      const stored = await views.record(other.id, alice, '2999-01-01T00:00:00.000Z');
      expect(Date.parse(stored)).toBeGreaterThanOrEqual(before - 60_000);
      expect(Date.parse(stored)).toBeLessThanOrEqual(Date.now() + 1000);
    });
  });
}
