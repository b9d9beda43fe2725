import type { HealthTrendPayload } from '../../../extensions/app/cards/shared/card-payload';
import type { Executor } from '../../db/client';
import { listScoreHistoryWithExplanations } from '../../db/repositories/customer-success-health-repository';
import { healthBandSchema } from '../../domain/health/health-band';
import { healthExplanationSchema } from '../../domain/health/health-score';
import { lastHealthChange, type StoredHealthDay } from '../../domain/health/health-trend';
import { addDays } from '../../domain/time/calendar-date';
import { healthComponentLabels } from '../wording/labels';

export const healthTrendDays = 90;

function formatScore(value: number | null): string {
  return value === null ? 'no data' : String(Math.round(value));
}

/** The card's 90-day health trend and the driver of the last change, from the stored daily scores. */
export async function healthTrendFor(
  db: Executor,
  portalId: number,
  companyId: string,
  asOf: string,
): Promise<HealthTrendPayload> {
  const rows = await listScoreHistoryWithExplanations(
    db,
    portalId,
    companyId,
    addDays(asOf, -(healthTrendDays - 1)),
    asOf,
  );
  const days: StoredHealthDay[] = rows.map((row) => {
    const explanation = healthExplanationSchema.safeParse(row.explanation);
    return {
      date: row.date,
      score: row.score,
      band: row.band,
      explanation: explanation.success ? explanation.data : null,
    };
  });
  const change = lastHealthChange(days);
  const driver = change?.driver ?? null;
  const movement =
    change === null
      ? ''
      : `${change.scoreNow > change.scoreBefore ? 'rose' : 'fell'} from ${change.scoreBefore} to ${change.scoreNow} on ${change.date}`;
  return {
    days: days.flatMap((day) => {
      const band = healthBandSchema.safeParse(day.band);
      return band.success ? [{ date: day.date, score: day.score, band: band.data }] : [];
    }),
    lastChange:
      change === null
        ? null
        : {
            date: change.date,
            previousDate: change.previousDate,
            scoreBefore: change.scoreBefore,
            scoreNow: change.scoreNow,
            driver:
              driver === null
                ? null
                : {
                    component: driver.component,
                    label: healthComponentLabels[driver.component],
                    componentScoreBefore: driver.scoreBefore,
                    componentScoreNow: driver.scoreNow,
                    pointsChange: driver.pointsChange,
                  },
            summary:
              driver === null
                ? `Health ${movement}; no single component moved.`
                : `Health ${movement}, mostly from ${healthComponentLabels[driver.component]}: its score went from ${formatScore(driver.scoreBefore)} to ${formatScore(driver.scoreNow)} (of 100).`,
          },
  };
}
