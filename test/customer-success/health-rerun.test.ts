import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { countScoresOn } from '../../src/db/repositories/customer-success-health-repository';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { customersOn } from '../../src/services/manager/customer-count';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const portalId = 78;
const day = '2026-10-15';

describe.each(databaseTargets)('a second health run on the same day on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.execute(sql`insert into portals (id, name, time_zone) values (${portalId}, 'rerun', 'UTC')`);
    await handle.db.execute(
      sql`insert into companies (portal_id, id, name) values (${portalId}, 'a', 'Acme'), (${portalId}, 'b', 'Beta')`,
    );
    await handle.db
      .execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
      values (${portalId}, 'd1', 'a', 'new', 'core', 90000, '2026-01-01', '2027-01-01', 10),
             (${portalId}, 'd2', 'b', 'new', 'core', 45000, '2026-03-01', '2027-03-01', 5)`);
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('keeps only the customers of the later run: a company whose contract was cut back to end today loses its score', async () => {
    await recomputeHealth(handle.db, portalId, day);
    expect(await countScoresOn(handle.db, portalId, day)).toBe(2);
    // The deal's end date was corrected in HubSpot: b is no customer on the day any more (the end is exclusive).
    await handle.db.execute(
      sql`update contracts set end_date = ${day}::date where portal_id = ${portalId} and deal_id = 'd2'`,
    );
    await recomputeHealth(handle.db, portalId, day);
    expect(await countScoresOn(handle.db, portalId, day)).toBe(1);
    expect(await customersOn(handle.db, portalId, day)).toEqual({ on: day, count: 1 });
  });
});
