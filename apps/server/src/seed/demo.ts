import { readMeta, seedGandalfAtlas, type IncidentMeta } from '@parallax/model';
import type { RunningParallax } from '../server.ts';

/**
 * On an empty instance, create the Gandalf/Atlas demo incident so a first visitor has something real to explore.
 * An instance that has ever had an incident (even archived ones) is left alone.
 */
export async function seedDemoIncident({ incidents, sync, logger, url }: RunningParallax): Promise<string | null> {
  const existing = await incidents.list({ includeArchived: true });
  if (existing.length > 0) return null;
  const id = crypto.randomUUID();
  let meta: IncidentMeta | undefined;
  await sync.withDocument(id, (doc) => {
    seedGandalfAtlas(doc, { userId: 'demo' });
    meta = readMeta(doc);
  });
  if (!meta) throw new Error('demo seed wrote no incident metadata');
  await incidents.create({
    id,
    title: meta.title,
    severity: meta.severity,
    referenceTimeZone: meta.referenceTimeZone,
    createdBy: 'demo',
  });
  // The index row starts as a fresh incident; the demo story is already in review.
  await incidents.update(id, { status: meta.status });
  logger.info({ incidentId: id, url: `${url}/incidents/${id}` }, 'demo incident created');
  return id;
}
