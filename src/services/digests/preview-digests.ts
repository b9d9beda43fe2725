import type { Executor } from '../../db/client';
import { countCsmLoads } from '../../db/repositories/csm-assignments-repository';
import { listOwnerContacts } from '../../db/repositories/digest-facts-repository';
import type { Portal } from '../../db/repositories/portals-repository';
import { composeDigest, type DigestFacts } from '../../domain/digests/compose-digest';
import { digestPeriod, digestPeriodKey } from '../../domain/digests/digest-schedule';
import type { Digest } from '../../domain/digests/digest-schema';
import type { CalendarDate } from '../../domain/time/calendar-date';
import { ServiceError } from '../service-error';
import { loadPortalSettings } from '../settings/settings-service';
import { loadDigestFacts } from './digest-facts';
import { digestRecipients } from './digest-recipients';
import { renderDigest, type RenderedDigest } from './render-digest';

export interface DigestPreview {
  readonly digest: Digest;
  readonly rendered: RenderedDigest;
  /** A manager's digest shown while no manager address is set: what one would receive, sent to nobody. */
  readonly example: boolean;
}

/** Who the example manager's digest greets; its address is never shown or used. */
const exampleManager = {
  audience: 'manager',
  address: 'manager@example.invalid',
  name: 'Customer Success manager',
  ownerId: null,
} as const;

/**
 * Each recipient's digest as it would go out if sent on `sentOn` (one recipient when `recipient` is given). An
 * audience whose cadence is off is shown weekly, so the team can see it before turning it on; with
 * `exampleManager`, so is the manager's digest while no manager address is set.
 */
export async function previewDigests(
  db: Executor,
  portal: Portal,
  sentOn: CalendarDate,
  { recipient, exampleManager: withExample = false }: { recipient?: string; exampleManager?: boolean } = {},
): Promise<DigestPreview[]> {
  const settings = (await loadPortalSettings(db, portal.id)).digests;
  const [owners, csmLoads] = await Promise.all([
    listOwnerContacts(db, portal.id),
    countCsmLoads(db, portal.id, sentOn),
  ]);
  const recipients = digestRecipients(settings, owners, csmLoads).filter(
    (entry) => recipient === undefined || entry.address.toLowerCase() === recipient.toLowerCase(),
  );
  if (recipient !== undefined && recipients.length === 0)
    throw new ServiceError(
      'not_found',
      `${recipient} receives no digest: neither a CSM looking after customers nor a manager address`,
    );
  const example = withExample && recipient === undefined && settings.manager.recipients.length === 0;
  const facts = new Map<string, Promise<DigestFacts>>();
  const previews: DigestPreview[] = [];
  for (const entry of example ? [...recipients, exampleManager] : recipients) {
    const cadence = settings[entry.audience].cadence;
    const period = digestPeriod(cadence === 'off' ? 'weekly' : cadence, sentOn);
    const key = digestPeriodKey(period);
    const loaded = facts.get(key) ?? loadDigestFacts(db, portal, period);
    facts.set(key, loaded);
    const digest = composeDigest(entry, period, await loaded);
    previews.push({ digest, rendered: renderDigest(digest), example: entry === exampleManager });
  }
  return previews;
}
