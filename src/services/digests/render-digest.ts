import type { Digest, DigestRun } from '../../domain/digests/digest-schema';
import { dayInWords } from '../../domain/text/day-in-words';
import { escapeHtml } from '../../domain/text/escape-html';
import { healthBandLabels as bandLabels, healthComponentLabels, moneyText } from '../wording/labels';

export interface RenderedDigest {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

interface Section {
  readonly title: string;
  readonly empty: string;
  readonly lines: readonly string[];
}

function periodText(digest: Digest): string {
  const { firstDay, lastDay } = digest.period;
  return firstDay === lastDay ? dayInWords(firstDay) : `${dayInWords(firstDay)} to ${dayInWords(lastDay)}`;
}

function signed(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}

function runLine(run: DigestRun, withTasks: boolean): string {
  const tasks = withTasks
    ? `: ${run.overdueTasks.map((task) => `${task.title} (due ${dayInWords(task.dueOn)})`).join('; ')}`
    : `, opened ${dayInWords(run.openedOn)}`;
  return `${run.companyName} – ${run.playbookName}${tasks}`;
}

function sectionsOf(digest: Digest): Section[] {
  const { bandChanges, runsOpened, runsOverdue, renewals } = digest.sections;
  return [
    {
      title: 'Health band changes',
      empty: 'No company changed band.',
      lines: bandChanges.map(
        (change) =>
          `${change.companyName}: ${bandLabels[change.bandBefore]} (${change.scoreBefore}) to ${bandLabels[change.bandNow]} (${change.scoreNow})` +
          (change.driver === null
            ? ''
            : `, mostly ${healthComponentLabels[change.driver.component]} (${signed(change.driver.pointsChange)} points)`),
      ),
    },
    {
      title: 'Playbook runs opened',
      empty: 'No playbook opened a run.',
      lines: runsOpened.map((run) => runLine(run, false)),
    },
    {
      title: 'Playbook tasks overdue',
      empty: 'No playbook task is overdue.',
      lines: runsOverdue.map((run) => runLine(run, true)),
    },
    {
      title: 'Renewals in the next 30 days',
      empty: 'No renewal is due in the next 30 days.',
      lines: renewals.map(
        (renewal) =>
          `${renewal.companyName}: ${moneyText(renewal.amountMinor, digest.currency)} a month, due ${dayInWords(renewal.renewalDate)} (in ${renewal.daysToRenewal} days)` +
          (renewal.healthBand === null ? '' : `, health: ${bandLabels[renewal.healthBand].toLowerCase()}`),
      ),
    },
  ];
}

/** The digest as an email: a subject, plain text, and HTML where every value is escaped. */
export function renderDigest(digest: Digest): RenderedDigest {
  const scope = digest.recipient.audience === 'csm' ? 'your companies' : 'the portfolio';
  const cadence = digest.period.cadence === 'daily' ? 'Daily' : 'Weekly';
  const subject = `${cadence} customer digest for ${scope}: ${periodText(digest)}`;
  const sections = sectionsOf(digest);
  const intro = `Hello ${digest.recipient.name}, here is what changed for ${scope} (${periodText(digest)}).`;
  const text = [
    intro,
    ...sections.map((section) =>
      [
        '',
        section.title,
        ...(section.lines.length === 0 ? [section.empty] : section.lines.map((line) => `- ${line}`)),
      ].join('\n'),
    ),
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; color: #33475b">',
    `<p>${escapeHtml(intro)}</p>`,
    ...sections.map(
      (section) =>
        `<h2 style="font-size: 16px">${escapeHtml(section.title)}</h2>` +
        (section.lines.length === 0
          ? `<p>${escapeHtml(section.empty)}</p>`
          : `<ul>${section.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`),
    ),
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
