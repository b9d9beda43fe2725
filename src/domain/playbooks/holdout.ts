import { createHash } from 'node:crypto';

/**
 * Whether a run is held out (recorded, no steps): a seeded hash of playbook, company and run, so the
 * decision is the same on every worker and every retry, and independent of everything else about the company.
 */
export function isHeldOut(
  seed: string,
  playbookId: string,
  companyId: string,
  runKey: string,
  holdoutPercent: number,
): boolean {
  if (holdoutPercent <= 0) return false;
  const digest = createHash('sha256').update(`${seed}\u0000${playbookId}\u0000${companyId}\u0000${runKey}`).digest();
  // The first 4 bytes as a fraction in [0, 1).
  return digest.readUInt32BE(0) / 4_294_967_296 < holdoutPercent / 100;
}
