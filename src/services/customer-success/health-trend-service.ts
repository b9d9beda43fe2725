import type { HealthTrendPayload } from '../../../extensions/app/cards/shared/card-payload';
import type { Executor } from '../../db/client';
import { listHealthHistory, type CardHealthDay } from '../../db/repositories/company-card-parts';
import { healthBandSchema } from '../../domain/health/health-band';
import { healthExplanationSchema } from '../../domain/health/health-score';
import { lastHealthChange } from '../../domain/health/health-trend';
import { dayInWords } from '../../domain/text/day-in-words';
import { addDays } from '../../domain/time/calendar-date';
import { healthComponentLabels } from '../wording/labels';

const healthTrendDays = 90;

function formatScore(value: number | null): string {
  return value === null ? 'no data' : String(Math.round(value));
}

/** The first day of the 90-day trend ending on `asOf`. */
export function healthTrendFirstDay(asOf: string): string {
  return addDays(asOf, -(healthTrendDays - 1));
}

/** The card's 90-day health trend and the driver of the last change, read on its own (the card reads the days in its statement). */
export async function healthTrendFor(
  db: Executor,
  portalId: number,
  companyId: string,
  asOf: string,
): Promise<HealthTrendPayload> {
  return healthTrendOf(await listHealthHistory(db, portalId, companyId, healthTrendFirstDay(asOf), asOf));
}

/** The trend and the driver of the last change from the stored daily scores, oldest first. */
export function healthTrendOf(rows: readonly CardHealthDay[]): HealthTrendPayload {
  const change = lastHealthChange(rows, (row) => {
    const explanation = healthExplanationSchema.safeParse(row.explanation);
    return explanation.success ? explanation.data : null;
  });
  const driver = change?.driver ?? null;
  const movement =
    change === null
      ? ''
      : `${change.scoreNow > change.scoreBefore ? 'rose' : 'fell'} from ${change.scoreBefore} to ${change.scoreNow} on ${dayInWords(change.date)}`;
  return {
    days: rows.flatMap((day) => {
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
