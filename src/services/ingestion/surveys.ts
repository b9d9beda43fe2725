import { insertSurveyResponses, type SurveyResponseRow } from '../../db/repositories/usage-events-repository';
import { instantWindowProblem } from '../../domain/usage/input-limits';
import { apiSurveyId, surveyAnswerSchema, type SurveyAnswer } from '../../domain/usage/survey-input';
import type { EventProblem } from '../../domain/usage/usage-event';
import { matchCompanies } from './company-matching';
import type { IngestionTarget } from './ingest-events';
import { problemsToError } from './usage-batch';

export type SurveyResult = { stored: number; duplicates: number; accepted: number[]; rejected: EventProblem[] };

/**
 * Stores NPS/CSAT answers once per response id. An answer is rejected, with its index and reason, when it is
 * invalid or names no customer (an account that matches no company, a company id that is not a customer's):
 * the whole request unless `partial`, else the others are stored.
 */
export async function ingestSurveyAnswers(
  target: IngestionTarget,
  items: readonly unknown[],
  options: { partial: boolean; now?: number },
): Promise<SurveyResult> {
  const now = options.now ?? Date.now();
  const problems: EventProblem[] = [];
  const answers: { index: number; answer: SurveyAnswer }[] = [];
  items.forEach((item, index) => {
    const parsed = surveyAnswerSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ index, field: issue.path.join('.') || 'response', message: issue.message });
      return;
    }
    const outside = instantWindowProblem(parsed.data.submittedAt, now, target.settings.futureToleranceHours);
    if (outside === null) answers.push({ index, answer: parsed.data });
    else problems.push({ index, field: 'submittedAt', message: outside });
  });
  const accountIds = answers.flatMap(({ answer }) =>
    answer.companyId === undefined && answer.accountId !== undefined ? [answer.accountId] : [],
  );
  const companyIds = answers.flatMap(({ answer }) => (answer.companyId === undefined ? [] : [answer.companyId]));
  const { byAccount, named } = await matchCompanies(target, accountIds, companyIds);
  const rows: SurveyResponseRow[] = [];
  const accepted: number[] = [];
  for (const { index, answer } of answers) {
    if (answer.companyId !== undefined && !named.has(answer.companyId)) {
      problems.push({ index, field: 'companyId', message: 'names no customer of this portal' });
      continue;
    }
    const companyId =
      answer.companyId ?? (answer.accountId === undefined ? undefined : byAccount.get(answer.accountId));
    if (companyId === undefined) {
      problems.push({ index, field: 'accountId', message: 'matches no company' });
      continue;
    }
    accepted.push(index);
    rows.push({
      portalId: target.portalId,
      id: apiSurveyId(answer.id),
      companyId,
      contactId: answer.contactId ?? null,
      kind: answer.kind,
      score: answer.score,
      submittedAt: new Date(answer.submittedAt),
      source: 'api',
      comment: answer.comment ?? null,
    });
  }
  const rejected = problems.sort((left, right) => left.index - right.index);
  if (rejected.length > 0 && !options.partial) throw problemsToError(rejected, 'responses', 'responses');
  const stored = await insertSurveyResponses(target.db, rows);
  // A detractor answer can fire a playbook.
  if (stored > 0) await target.work?.queuePlaybookEvaluation(target.portalId);
  return {
    stored,
    duplicates: rows.length - stored,
    accepted,
    rejected: rejected.map((problem) => ({ ...problem, field: `responses[${problem.index}].${problem.field}` })),
  };
}
