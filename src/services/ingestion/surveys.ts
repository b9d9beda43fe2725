import { insertSurveyResponses, type SurveyResponseRow } from '../../db/repositories/usage-events-repository';
import { resolveAccountCompanies } from '../../db/repositories/ingestion-accounts-repository';
import { surveyAnswerSchema, type SurveyAnswer } from '../../domain/usage/survey-input';
import { parseInstant } from '../../domain/time/time-zone';
import type { EventProblem } from '../../domain/usage/usage-event';
import type { IngestionTarget } from './ingest-events';
import { problemsToError } from './usage-batch';

export type SurveyResult = { stored: number; duplicates: number };

/** Stores NPS/CSAT answers once per response id; an account that matches no company is a 400 for that answer. */
export async function ingestSurveyAnswers(target: IngestionTarget, items: readonly unknown[]): Promise<SurveyResult> {
  const problems: EventProblem[] = [];
  const answers: { index: number; answer: SurveyAnswer }[] = [];
  items.forEach((item, index) => {
    const parsed = surveyAnswerSchema.safeParse(item);
    if (parsed.success) answers.push({ index, answer: parsed.data });
    else for (const issue of parsed.error.issues) problems.push({ index, field: issue.path.join('.') || 'response', message: issue.message });
  });
  const accountIds = answers.flatMap(({ answer }) => (answer.companyId === undefined && answer.accountId !== undefined ? [answer.accountId] : []));
  const companies = await resolveAccountCompanies(target.db, target.portalId, accountIds, target.settings.accountProperty, target.settings.matchCompanyId);
  const rows: SurveyResponseRow[] = [];
  for (const { index, answer } of answers) {
    const companyId = answer.companyId ?? (answer.accountId === undefined ? undefined : companies.get(answer.accountId));
    if (companyId === undefined) {
      problems.push({ index, field: 'accountId', message: 'matches no company' });
      continue;
    }
    rows.push({
      portalId: target.portalId,
      id: answer.id,
      companyId,
      contactId: answer.contactId ?? null,
      kind: answer.kind,
      score: answer.score,
      submittedAt: new Date(parseInstant(answer.submittedAt) ?? 0),
      source: 'api',
      comment: answer.comment ?? null,
    });
  }
  if (problems.length > 0) throw problemsToError(problems.sort((left, right) => left.index - right.index), 'responses', 'responses');
  const stored = await insertSurveyResponses(target.db, rows);
  return { stored, duplicates: rows.length - stored };
}
