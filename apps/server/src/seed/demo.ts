import { readMeta, seedGandalfAtlas, type IncidentMeta } from '@parallax/model';
import type { RunningParallax } from '../server.ts';
import { DEMO_EMAIL, ensureDemoAccount, type DemoAccount } from './demo-account.ts';

/** Who created the demo incident before accounts existed (created_by of such rows). */
const LEGACY_DEMO_CREATOR = 'demo';

export interface DemoSeed {
  account: DemoAccount;
  /** The demo incident created now, if one was. */
  incidentId: string | null;
}

/**
 * On an empty instance, create the Gandalf/Atlas demo incident, owned by the demo account, so a first visitor has
 * something real to explore. It is open to everyone signed in (read-only); signing in as the demo account edits it.
 * An instance that has ever had an incident (even archived ones) gets no new demo incident; one whose demo incident
 * predates accounts gets the demo account as its owner. Null when there is nothing demo-related on this instance.
 */
export async function seedDemo(parallax: RunningParallax, options: { dataDir: string }): Promise<DemoSeed | null> {
  const { incidents, sync, services, logger } = parallax;
  const existing = await incidents.list({ includeArchived: true });
  const hasLegacyDemo = existing.some((incident) => incident.createdBy === LEGACY_DEMO_CREATOR);
  const hasDemoAccount = (await services.users.findByEmail(DEMO_EMAIL)) !== undefined;
  if (existing.length > 0 && !hasLegacyDemo && !hasDemoAccount) return null;

  const account = await ensureDemoAccount(services, options.dataDir);
  if (hasLegacyDemo) await services.members.adoptOwnerless(account.user.id, { createdBy: LEGACY_DEMO_CREATOR });
  if (existing.length > 0) return { account, incidentId: null };

  const id = crypto.randomUUID();
  let meta: IncidentMeta | undefined;
  await sync.withDocument(id, (doc) => {
    seedGandalfAtlas(doc, { userId: account.user.id });
    meta = readMeta(doc);
  });
  if (!meta) throw new Error('demo seed wrote no incident metadata');
  await incidents.create({
    id,
    title: meta.title,
    severity: meta.severity,
    referenceTimeZone: meta.referenceTimeZone,
    ownerId: account.user.id,
    organisationCanView: true,
  });
  // The index row starts as a fresh incident; the demo story is already in review.
  await incidents.update(id, { status: meta.status });
  logger.info({ incidentId: id, url: `${parallax.url}/incidents/${id}` }, 'demo incident created');
  return { account, incidentId: id };
}
