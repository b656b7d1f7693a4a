import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentExistsError } from './errors.ts';
import { IncidentRepository } from './incident-repository.ts';
import { migrate } from './migrate.ts';
import { databaseTargets } from './test-databases.ts';
import type { FreshDatabase } from './test-databases.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const target of databaseTargets('IncidentRepository')) {
  describe.skipIf(!target.available)(`IncidentRepository on ${target.name}`, () => {
    let database: FreshDatabase;
    let incidents: IncidentRepository;

    beforeAll(async () => {
      database = await target.fresh();
      await migrate(database.sql);
      incidents = new IncidentRepository(database.sql);
    });

    afterAll(async () => {
      await database?.dispose();
    });

    it('creates an incident with defaults and reads it back', async () => {
      const created = await incidents.create({ title: 'Checkout latency' });
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: 'Checkout latency',
        severity: null,
        status: 'investigating',
        referenceTimeZone: 'UTC',
        createdBy: null,
        createdAt: expect.stringMatching(ISO),
        updatedAt: created.createdAt,
        archivedAt: null,
        organisationCanView: false,
      });
      expect(await incidents.get(created.id)).toEqual(created);
    });

    it('keeps a caller-chosen id and every field given, and refuses the same id twice', async () => {
      const id = crypto.randomUUID();
      const created = await incidents.create({
        id,
        title: 'Gandalf/Atlas outage',
        severity: 'SEV2',
        referenceTimeZone: 'Europe/Paris',
        createdBy: 'user-1',
      });
      expect(created).toMatchObject({
        id,
        severity: 'SEV2',
        referenceTimeZone: 'Europe/Paris',
        createdBy: 'user-1',
      });
      await expect(incidents.create({ id, title: 'Again' })).rejects.toBeInstanceOf(IncidentExistsError);
      await expect(incidents.create({ id: 'not-a-uuid', title: 'Bad id' })).rejects.toThrow(/UUID/);
    });

    it('refuses an empty title even when the edge validation is bypassed', async () => {
      await expect(incidents.create({ title: '   ' })).rejects.toThrow();
    });

    it('answers undefined, not a SQL error, for an unknown or malformed id', async () => {
      expect(await incidents.get(crypto.randomUUID())).toBeUndefined();
      expect(await incidents.get('not-a-uuid')).toBeUndefined();
      expect(await incidents.get("'; drop table incidents; --")).toBeUndefined();
      expect(await incidents.update('nope', { title: 'x' })).toBeUndefined();
      expect(await incidents.update(crypto.randomUUID(), { title: 'x' })).toBeUndefined();
      expect(await incidents.archive('nope')).toBeUndefined();
    });

    it('updates only the fields in the patch, can clear the severity, and moves updatedAt', async () => {
      const created = await incidents.create({ title: 'Before', severity: 'SEV1' });
      await pause(5);
      const updated = await incidents.update(created.id, { title: 'After', severity: null, status: 'resolved' });
      expect(updated).toMatchObject({
        id: created.id,
        title: 'After',
        severity: null,
        status: 'resolved',
        referenceTimeZone: 'UTC',
        createdAt: created.createdAt,
      });
      expect(Date.parse(updated!.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
      expect(await incidents.update(created.id, {})).toEqual(updated);
      expect(await incidents.update(created.id, { referenceTimeZone: 'Asia/Tokyo' })).toMatchObject({
        title: 'After',
        referenceTimeZone: 'Asia/Tokyo',
      });
    });

    it('lists newest first and hides archived incidents unless asked', async () => {
      const first = await incidents.create({ title: 'First' });
      await pause(5);
      const second = await incidents.create({ title: 'Second' });
      await pause(5);
      const third = await incidents.create({ title: 'Third' });
      const archived = await incidents.archive(second.id);
      expect(archived?.archivedAt).toMatch(ISO);

      const mine = (list: { id: string }[]) =>
        list.map((incident) => incident.id).filter((id) => [first.id, second.id, third.id].includes(id));
      expect(mine(await incidents.list())).toEqual([third.id, first.id]);
      expect(mine(await incidents.list({ includeArchived: true }))).toEqual([third.id, second.id, first.id]);
    });

    it('keeps the first archive time when archived twice', async () => {
      const created = await incidents.create({ title: 'Archive twice' });
      const once = await incidents.archive(created.id);
      await pause(5);
      expect(await incidents.archive(created.id)).toEqual(once);
    });
  });
}
