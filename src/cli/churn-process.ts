import { z } from 'zod';
import type { Random } from '../sandbox/demo/random';

/**
 * The known truth behind a generated churn history. With `features`, the odds of leaving at a renewal
 * follow what the product could see 90 days before it, plus unobserved noise:
 *   log-odds = intercept + utilization x (seat utilization - 50%) / 20 points + nps x (latest NPS - 7)
 *            + firstRenewal (when it is the customer's first) + downgraded (when the last renewal was a downgrade) + noise
 * so low usage, a detractor NPS, a first renewal and a recent downgrade raise churn. With `random`, every renewal churns with the same chance.
 */
export const churnProcessSchema = z.object({
  kind: z.enum(['features', 'random']).default('features'),
  intercept: z.number().default(-2.6),
  utilization: z.number().default(-0.9),
  nps: z.number().default(-0.4),
  firstRenewal: z.number().default(1.3),
  downgraded: z.number().default(1.3),
  noise: z.number().nonnegative().default(0.5),
  randomChurnRate: z.number().min(0).max(1).default(0.18),
  leadDays: z.number().int().nonnegative().default(90),
});
export type ChurnProcess = z.infer<typeof churnProcessSchema>;

export type RenewalSignals = {
  seatUtilization: number;
  latestNps: number | null;
  firstRenewal: boolean;
  downgraded: boolean;
};

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

export function standardNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/** The chance this renewal churns, before the noise draw for `features`. */
export function churnChance(process: ChurnProcess, signals: RenewalSignals, noise: number): number {
  if (process.kind === 'random') return process.randomChurnRate;
  const npsTerm = signals.latestNps === null ? 0 : process.nps * (signals.latestNps - 7);
  const commercial = (signals.firstRenewal ? process.firstRenewal : 0) + (signals.downgraded ? process.downgraded : 0);
  return sigmoid(
    process.intercept +
      (process.utilization * (signals.seatUtilization - 0.5)) / 0.2 +
      npsTerm +
      commercial +
      process.noise * noise,
  );
}

export function decideChurn(process: ChurnProcess, signals: RenewalSignals, random: Random): boolean {
  const chance = churnChance(process, signals, standardNormal(random));
  return random.chance(chance);
}
