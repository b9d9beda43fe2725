import type { CompanyHealthCardPayload } from '../../../extensions/app/cards/shared/card-payload';
import type { Database } from '../../db/client';
import { loadCardRows, type CardDays } from '../../db/repositories/company-card-repository';
import type { Portal } from '../../db/repositories/portals-repository';
import { ServiceError } from '../service-error';
import type { CalendarDate } from '../../domain/time/calendar-date';
import { customerSuccessSettingsForReading } from '../customer-success/customer-success-settings';
import { healthTrendFirstDay } from '../customer-success/health-trend-service';
import { adoptionWindows, buildAdoptionSection } from './adoption-section';
import type { CompanySuccessPort } from './company-success-port';
import { buildRenewalSection } from './renewal-section';
import { playbookSectionOf } from './playbook-section';
import { buildRevenueSection } from './revenue-section';
import { loadSubsidiariesSection } from './subsidiaries-section';
import { toHealthPayload, toOnboardingPayload, toSuggestionsPayload } from './success-sections';

export interface CompanyCardRequest {
  readonly db: Database;
  readonly portal: Portal;
  readonly companyId: string;
  readonly asOf: CalendarDate;
  readonly success?: CompanySuccessPort;
}

/** The days the card's statement reads for a card as of `asOf`. */
export function cardDays(asOf: CalendarDate): CardDays {
  return { ...adoptionWindows(asOf), trendFirstDay: healthTrendFirstDay(asOf) };
}

/**
 * The whole card for one company of one portal, from one statement (the health history and open playbook runs
 * included), and a second one for a parent company's subsidiaries.
 */
export async function loadCompanyCard({
  db,
  portal,
  companyId,
  asOf,
  success,
}: CompanyCardRequest): Promise<CompanyHealthCardPayload> {
  // The settings are cached for a few seconds, so the card's one statement stays its only round trip on most requests.
  const [rows, settings] = await Promise.all([
    loadCardRows(db, portal.id, companyId, cardDays(asOf)),
    customerSuccessSettingsForReading(db, portal.id),
  ]);
  const healthTrend = success?.healthTrend?.(rows.healthHistory);
  const { company } = rows;
  if (!company) throw new ServiceError('not_found', `Company ${companyId} is not in this portal`);
  const companySuccess = success ? success.fromRows({ ...rows, portal }, companyId, asOf, settings) : null;
  const { revenue, status, seats } = buildRevenueSection(rows.contracts, asOf, portal.currency, settings.catalog);
  // A second statement only for a parent company: its subsidiaries' figures and the group's totals.
  const subsidiaries = rows.hasSubsidiaries
    ? await loadSubsidiariesSection({ db, portalId: portal.id, companyId, asOf, ownMrr: revenue.mrr })
    : undefined;
  const createdDeals = new Map(rows.createdDeals.map((deal) => [deal.subject, deal.resultId]));
  // Typed, not parsed: test/card/card-payload-schema.test.ts proves it satisfies the schema the card parses it with.
  return {
    version: 1,
    asOf,
    company: { id: company.id, name: company.name ?? `Company ${company.id}`, status },
    onboarding: companySuccess?.onboarding ? toOnboardingPayload(companySuccess.onboarding, rows.csmName) : null,
    adoption: buildAdoptionSection(rows.adoption, seats),
    health: companySuccess?.health ? toHealthPayload(companySuccess.health) : null,
    ...(healthTrend === undefined ? {} : { healthTrend }),
    suggestions: companySuccess
      ? toSuggestionsPayload(companySuccess, portal.currency, createdDeals)
      : { items: [], suppressedReason: null },
    revenue,
    renewal: buildRenewalSection(rows, asOf, portal.currency),
    playbookRuns: playbookSectionOf(rows.playbookRuns),
    ...(subsidiaries === undefined ? {} : { subsidiaries }),
  };
}
