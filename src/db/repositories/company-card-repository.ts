import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Executor } from '../client';
import { companies, usageEvents } from '../schema';

export interface CardCompanyRow {
  readonly id: string;
  readonly name: string | null;
  readonly ownerId: string | null;
}

/** One company of one portal; undefined when the portal has no such (unarchived) company. */
export async function findCardCompany(db: Executor, portalId: number, companyId: string): Promise<CardCompanyRow | undefined> {
  const [row] = await db
    .select({ id: companies.id, name: companies.name, ownerId: companies.ownerId })
    .from(companies)
    .where(and(eq(companies.portalId, portalId), eq(companies.id, companyId), eq(companies.archived, false)));
  return row;
}

export interface CardUsageEventRow {
  readonly userId: string;
  readonly event: string;
  readonly occurredAt: Date;
  readonly sessionId: string | null;
  readonly durationSeconds: number | null;
}

/** A company's events in [from, to), through the (portal, company, time) index. */
export async function listCompanyUsageEvents(db: Executor, portalId: number, companyId: string, from: Date, to: Date): Promise<CardUsageEventRow[]> {
  return db
    .select({
      userId: usageEvents.userId,
      event: usageEvents.event,
      occurredAt: usageEvents.occurredAt,
      sessionId: usageEvents.sessionId,
      durationSeconds: usageEvents.durationSeconds,
    })
    .from(usageEvents)
    .where(
      and(
        eq(usageEvents.portalId, portalId),
        eq(usageEvents.companyId, companyId),
        gte(usageEvents.occurredAt, from),
        lt(usageEvents.occurredAt, to),
      ),
    )
    .orderBy(asc(usageEvents.occurredAt));
}
