import { companyHealthCardPayloadSchema, type CompanyHealthCardPayload } from '../../../extensions/app/cards/shared/card-payload';
import type { Database } from '../../db/client';
import { listCreatedDeals } from '../../db/repositories/card-actions-repository';
import { findCardCompany, listCompanyUsageEvents } from '../../db/repositories/company-card-repository';
import { listContracts } from '../../db/repositories/contracts-repository';
import type { Portal } from '../../db/repositories/portals-repository';
import { AppError } from '../../http/app-error';
import { addDays, type CalendarDate } from '../../domain/time/calendar-date';
import { defaultCustomerSuccessSettings } from '../customer-success/customer-success-settings';
import { adoptionWindowDays, buildAdoptionSection } from './adoption-section';
import type { CompanySuccessPort } from './company-success-port';
import { buildRevenueSection } from './revenue-section';
import { toHealthPayload, toOnboardingPayload, toSuggestionsPayload } from './success-sections';

export interface CompanyCardRequest {
  readonly db: Database;
  readonly portal: Portal;
  readonly companyId: string;
  readonly asOf: CalendarDate;
  readonly success?: CompanySuccessPort;
}

const millisecondsPerDay = 86_400_000;
const seatProductId = defaultCustomerSuccessSettings().catalog.coreProductId;

/** A UTC range that surely covers the portal's local days [firstDay, lastDay]: time zones are within ±14 h. */
function coveringRange(firstDay: CalendarDate, lastDay: CalendarDate): { from: Date; to: Date } {
  return {
    from: new Date(Date.parse(`${firstDay}T00:00:00Z`) - millisecondsPerDay),
    to: new Date(Date.parse(`${addDays(lastDay, 1)}T00:00:00Z`) + millisecondsPerDay),
  };
}

/** The whole card for one company of one portal, in one round of indexed queries. */
export async function loadCompanyCard({ db, portal, companyId, asOf, success }: CompanyCardRequest): Promise<CompanyHealthCardPayload> {
  const { from, to } = coveringRange(addDays(asOf, -(2 * adoptionWindowDays - 1)), asOf);
  const [company, contracts, events, companySuccess, createdDeals] = await Promise.all([
    findCardCompany(db, portal.id, companyId),
    listContracts(db, portal.id, companyId),
    listCompanyUsageEvents(db, portal.id, companyId, from, to),
    success ? success.load(db, portal.id, companyId, asOf) : Promise.resolve(null),
    listCreatedDeals(db, portal.id, companyId),
  ]);
  if (!company) throw new AppError('not_found', `Company ${companyId} is not in this portal`);
  const { revenue, status, seats } = buildRevenueSection(contracts, asOf, portal.currency, seatProductId);
  const payload: CompanyHealthCardPayload = {
    version: 1,
    asOf,
    company: { id: company.id, name: company.name ?? `Company ${company.id}`, status },
    onboarding: companySuccess?.onboarding ? toOnboardingPayload(companySuccess.onboarding) : null,
    adoption: buildAdoptionSection(events, company.id, seats, asOf, portal.timeZone),
    health: companySuccess?.health ? toHealthPayload(companySuccess.health) : null,
    suggestions: companySuccess ? toSuggestionsPayload(companySuccess, portal.currency, createdDeals) : { items: [], suppressedReason: null },
    revenue,
  };
  // The card parses it with the same schema; failing here names the field instead of a blank card.
  return companyHealthCardPayloadSchema.parse(payload);
}
