import { describe, expect, it } from 'vitest';
import { formatSoakReport, runSoak, shortSoakOptions } from '../../bench/soak-run';
import { postgresServerAvailable } from '../support/databases';

// `npm run soak -- --short`: two `npm start` replicas on a fresh Postgres database, ingestion, card and webhook
// traffic together, replica B SIGKILLed midway. Its traffic lasts 10 s; starting two replicas and the killed one's
// jobs' retries (liveness, about 20 s, then the job's retry delay) make up the rest.
describe.skipIf(!postgresServerAvailable)('the soak, short mode, on the Postgres server', () => {
  it('stores every accepted event and webhook exactly once and completes every job', async () => {
    const lines: string[] = [];
    const report = await runSoak({ ...shortSoakOptions, log: (line) => lines.push(line) });
    const printed = formatSoakReport(report);
    process.stdout.write(`${[...lines, ...printed].join('\n')}\n`);
    expect(report.ingestion.acceptedBatches).toBe(report.ingestion.batches);
    expect(report.ingestion.acceptedEvents).toBeGreaterThan(0);
    expect(report.ingestion.storedOfAccepted).toBe(report.ingestion.acceptedEvents);
    expect(report.ingestion.storedEvents).toBe(report.ingestion.acceptedEvents);
    expect(report.ingestion.aggregatedEvents).toBe(report.ingestion.acceptedEvents);
    expect(report.webhooks.acceptedEvents).toBe(report.webhooks.changes);
    expect(report.webhooks.storedRows).toBe(report.webhooks.changes);
    expect(report.webhooks.storedOfAccepted).toBe(report.webhooks.changes);
    expect(report.webhooks.unprocessed).toBe(0);
    expect(report.jobs).toMatchObject({ unfinished: 0, deadLetters: 0 });
    expect(report.exactlyOnce, printed.join('\n')).toBe(true);
    expect(report.allJobsCompleted, printed.join('\n')).toBe(true);
  }, 300_000);
});
