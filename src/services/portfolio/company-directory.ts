// The company list the API serves, for the HTTP layer (which never reads src/db).
export { listCompanySummaries, type CompanySummaryRow } from '../../db/repositories/companies-repository';
