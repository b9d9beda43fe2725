import { z } from 'zod';
import { parseEnv } from '../config/env';
import { createLogger } from '../config/logger';
import { cohortCutSchema, maximumCohortMonths, monthsFrom } from '../domain/kpi/cohort-triangle';
import { calendarDateSchema, calendarMonthSchema } from '../domain/time/calendar-date';
import { minorUnitDigits } from '../domain/contracts/currency';
import { portalResolver } from '../http/portal-resolver';
import { cohortWithoutReasons, toCohortGroupReports, type CohortGroupReport } from '../services/kpi/cohort-report';
import { cohortRetentionAsOf } from '../services/kpi/cohort-retention-service';
import { customerCountingNotes, type CustomerCounting } from '../domain/kpi/customer-counting';
import { cohortReportCsv } from '../services/kpi/report-csv';
import { formatCohortTable } from './cohort-table';
import { groupTitles } from './group-titles';
import { openPortfolioDatabase } from './portfolio-source';
import { runCli, UsageError } from './run-cli';
import { parseSandboxArgs } from './sandbox-args';

const usage = `Usage: npm run cohorts -- --from <YYYY-MM> --to <YYYY-MM> [--fixture <file> | --demo] [--cut owner|tier|industry] [--as-of <YYYY-MM-DD>] [--json | --csv]

Logo and revenue retention by start-month cohort (domain §3.2): cohorts of --from..--to (at most ${maximumCohortMonths} months),
each followed month by month to --to; the month still running is measured today and marked partial (*).
--fixture or --demo loads that portfolio into a fresh in-memory database through the sandbox and the real sync;
without them it reports on the synced database (DATABASE_URL, else DATA_DIR). --json prints JSON alone on stdout; --csv prints CSV (RFC 4180) with a record per cohort and month.`;

const optionsSchema = z.object({
  from: calendarMonthSchema,
  to: calendarMonthSchema,
  cut: cohortCutSchema.optional(),
  'as-of': calendarDateSchema.optional(),
  json: z.boolean().default(false),
  csv: z.boolean().default(false),
});

function parseOptions(values: Record<string, string | boolean | undefined>) {
  const result = optionsSchema.safeParse(values);
  if (!result.success)
    throw new UsageError(
      result.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '),
      usage,
    );
  const months = monthsFrom(result.data.from, result.data.to) + 1;
  if (result.data.json && result.data.csv) throw new UsageError('--json and --csv exclude each other', usage);
  if (months < 1) throw new UsageError('--from must not be after --to', usage);
  if (months > maximumCohortMonths)
    throw new UsageError(`--to: the range is ${months} months; at most ${maximumCohortMonths}`, usage);
  return result.data;
}

function render(
  groups: readonly CohortGroupReport[],
  cut: string | undefined,
  asOfDate: string,
  format: {
    json: boolean;
    csv: boolean;
    customers: CustomerCounting;
    currency: string;
    groupTitle: (key: string | null) => string | undefined;
  },
): string {
  if (format.csv) return cohortReportCsv(groups, cut);
  if (format.json) {
    const cohorts = (group: CohortGroupReport | undefined) => (group?.cohorts ?? []).map(cohortWithoutReasons);
    const body =
      cut === undefined
        ? { cohorts: cohorts(groups[0]) }
        : { cut, groups: groups.map((group) => ({ group: group.group, cohorts: cohorts(group) })) };
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  if (groups.length === 0) return 'no cohorts in the range\n';
  const tables = groups.map((group) => formatCohortTable(group, format.groupTitle(group.group), asOfDate)).join('\n');
  return `${tables}${customerCountingNotes[format.customers]}\nMoney in ${format.currency}.\n`;
}

runCli(async () => {
  const env = parseEnv();
  const args = parseSandboxArgs(process.argv.slice(2), usage, {
    from: { type: 'string' },
    to: { type: 'string' },
    cut: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  });
  const options = parseOptions(args.rest);
  const logger = createLogger(env.LOG_LEVEL);
  const { database, portalId } = await openPortfolioDatabase(env, args.source, {
    port: args.port,
    logger,
    withActivity: false,
  });
  try {
    const portal = await portalResolver(database.db, portalId).resolve();
    const { asOfDate, customers, groups } = await cohortRetentionAsOf(database.db, {
      portalId: portal.id,
      timeZone: portal.timeZone,
      from: options.from,
      to: options.to,
      cut: options.cut ?? null,
      ...(options['as-of'] === undefined ? {} : { asOfDate: options['as-of'] }),
    });
    process.stdout.write(
      render(toCohortGroupReports(groups, minorUnitDigits(portal.currency)), options.cut, asOfDate, {
        ...options,
        customers,
        currency: portal.currency,
        groupTitle: await groupTitles(database.db, portal.id, options.cut),
      }),
    );
  } finally {
    await database.close();
  }
});
