import { describe, expect, it } from 'vitest';
import { createIncidentDoc, metaMap } from '../doc.ts';
import { ModelValidationError } from '../errors.ts';
import { readMeta } from '../readers.ts';
import { SCHEMA_VERSION } from '../schema.ts';
import { captureUpdates, testContext, thrown } from '../test-support.ts';
import { initIncident, updateMeta } from './meta.ts';

describe('initIncident', () => {
  it('writes defaults for everything but the title, plus the schema version and creation stamp', () => {
    const doc = createIncidentDoc();
    initIncident(doc, { title: '  Atlas latency ' }, testContext('maya'));
    expect(readMeta(doc)).toEqual({
      schemaVersion: SCHEMA_VERSION,
      title: 'Atlas latency',
      referenceTimeZone: 'UTC',
      impactStart: null,
      impactEnd: null,
      severity: null,
      status: 'investigating',
      createdBy: 'maya',
      createdAt: '2026-03-11T09:00:00.000Z',
      updatedBy: 'maya',
      updatedAt: '2026-03-11T09:00:00.000Z',
    });
  });

  it('accepts every meta field and writes them in one transaction with the origin', () => {
    const doc = createIncidentDoc();
    const origin = Symbol('server');
    const updates = captureUpdates(doc, () =>
      initIncident(
        doc,
        {
          title: 'Atlas latency',
          referenceTimeZone: 'Europe/London',
          impactStart: '2026-03-10T13:40:00Z',
          impactEnd: '2026-03-10T15:02:00Z',
          severity: 'SEV2',
          status: 'in-review',
        },
        { ...testContext(), origin },
      ),
    );
    expect(updates.map((update) => update.origin)).toEqual([origin]);
    expect(readMeta(doc)).toMatchObject({
      referenceTimeZone: 'Europe/London',
      impactStart: '2026-03-10T13:40:00.000Z',
      impactEnd: '2026-03-10T15:02:00.000Z',
      severity: 'SEV2',
      status: 'in-review',
    });
  });

  it('rejects an empty title, an unknown severity and an impact that ends before it starts', () => {
    const doc = createIncidentDoc();
    const ctx = testContext();
    expect(thrown(() => initIncident(doc, { title: '   ' }, ctx))).toBeInstanceOf(ModelValidationError);
    expect(thrown(() => initIncident(doc, { title: 'x', severity: 'SEV0' as never }, ctx))).toBeInstanceOf(
      ModelValidationError,
    );
    const window = thrown(() =>
      initIncident(doc, { title: 'x', impactStart: '2026-03-10T15:00:00Z', impactEnd: '2026-03-10T14:00:00Z' }, ctx),
    );
    expect((window as ModelValidationError).issues).toEqual([
      { path: 'impactEnd', message: 'Impact cannot end before it starts' },
    ]);
    expect(metaMap(doc).size).toBe(0);
  });
});

describe('updateMeta', () => {
  function setup() {
    const doc = createIncidentDoc();
    const ctx = testContext('maya');
    initIncident(doc, { title: 'Atlas latency', impactStart: '2026-03-10T13:40:00Z' }, ctx);
    return { doc, ctx };
  }

  it('changes only the given fields and stamps the update', () => {
    const { doc, ctx } = setup();
    expect(updateMeta(doc, { severity: 'SEV2', status: 'mitigated' }, { ...ctx, userId: 'jonas' })).toBe(true);
    expect(readMeta(doc)).toMatchObject({
      title: 'Atlas latency',
      severity: 'SEV2',
      status: 'mitigated',
      impactStart: '2026-03-10T13:40:00.000Z',
      createdBy: 'maya',
      updatedBy: 'jonas',
      updatedAt: '2026-03-11T09:00:01.000Z',
    });
  });

  it('clears nullable fields with null', () => {
    const { doc, ctx } = setup();
    updateMeta(doc, { severity: 'SEV1' }, ctx);
    updateMeta(doc, { severity: null, impactStart: null }, ctx);
    expect(readMeta(doc)).toMatchObject({ severity: null, impactStart: null });
  });

  it('is silent when nothing changes', () => {
    const { doc, ctx } = setup();
    const updates = captureUpdates(doc, () => {
      expect(updateMeta(doc, { title: 'Atlas latency ', impactStart: '2026-03-10T13:40:00.000Z' }, ctx)).toBe(false);
    });
    expect(updates).toHaveLength(0);
  });

  it('checks the impact window against the stored start', () => {
    const { doc, ctx } = setup();
    const error = thrown(() => updateMeta(doc, { impactEnd: '2026-03-10T13:00:00Z' }, ctx));
    expect(error).toBeInstanceOf(ModelValidationError);
    expect(readMeta(doc).impactEnd).toBeNull();
    expect(updateMeta(doc, { impactStart: null, impactEnd: '2026-03-10T13:00:00Z' }, ctx)).toBe(true);
  });

  it.each([
    [{ referenceTimeZone: 'Middle/Earth' }, 'referenceTimeZone'],
    [{ impactStart: '2026-03-10 13:40' }, 'impactStart'],
    [{ status: 'done' }, 'status'],
    [{ title: '' }, 'title'],
    [{ owner: 'x' }, ''],
  ])('rejects %o', (patch, path) => {
    const { doc, ctx } = setup();
    const error = thrown(() => updateMeta(doc, patch as never, ctx));
    expect((error as ModelValidationError).issues.map((issue) => issue.path)).toEqual([path]);
  });
});
