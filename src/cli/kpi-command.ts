import { z } from 'zod';
import { parseEnv } from '../config/env';
import { createLogger } from '../config/logger';
import { calendarDateSchema, calendarMonthSchema, monthOf } from '../domain/time/calendar-date';
import { instantToLocalDate } from '../domain/time/time-zone';
import { periodKindSchema } from '../domain/time/periods';
import { minorUnitDigits } from '../domain/contracts/currency';
import { portalResolver } from '../http/portal-resolver';
import { ensureOnboardingForCustomers } from '../services/customer-success/onboarding-service';
import { toGroupReports, withoutReasons, type GroupReport } from '../services/kpi/kpi-report';
import { kpiCutSchema, portfolioKpis } from '../services/kpi/portfolio-kpis-service';
import { kpiReportCsv } from '../services/kpi/report-csv';
import { customerCountingNotes, type CustomerCounting } from '../domain/kpi/customer-counting';
import { customerCounting } from '../services/kpi/customer-counting-service';
import { renewalsNoteOf } from '../services/kpi/renewals-note-service';
import { formatKpiTable } from './kpi-table';
import { groupTitles } from './group-titles';
import { openPortfolioDatabase } from './portfolio-source';
import type { CommandOutput } from './command-output';
import { UsageError } from './run-cli';
import { parseSandboxArgs } from './sandbox-args';
import { settingsFromFile } from './settings-file';
import { changeSettings, loadPortalSettings } from '../services/settings/settings-service';
import type { Database } from '../db/client';
import type { SettingsOf } from '../domain/settings/settings-schemas';

const usage = `Usage: npm run kpi -- --from <YYYY-MM> --to <YYYY-MM> [--fixture <file> | --demo] [--period month|quarter|year|trailing-twelve-months] [--cut owner|industry|tier|lifecycle_stage|onboarding_cohort] [--as-of <YYYY-MM-DD>] [--settings <kpi-settings.json>] [--json | --csv]

Every portfolio KPI of domain §3.1 (customers, churn, retention, MRR movements, NRR, GRR, ARPA, LTV, upsell, cross-sell,
onboarding completion, NPS, CSAT, DAU/WAU/MAU, session time, seat utilization) per period. The period running on
--as-of (default: today in the portal's time zone) is measured on that day and marked partial.
--fixture or --demo loads that portfolio into a fresh in-memory database through the sandbox and the real sync;
without them it reports on the synced database (DATABASE_URL, else DATA_DIR). --json prints JSON alone on stdout; --csv the same fields as CSV (RFC 4180), a record per period.
--settings applies a KPI settings file (e.g. {"lifetimeValue": {"grossMarginPercent": 75}}; what it leaves out takes
the defaults) instead of the portal's stored KPI settings (npm run settings -- get kpi).`;

const optionsSchema = z.object({
  from: calendarMonthSchema,
  to: calendarMonthSchema,
  period: periodKindSchema.default('month'),
  cut: kpiCutSchema.optional(),
  'as-of': calendarDateSchema.optional(),
  json: z.boolean().default(false),
  csv: z.boolean().default(false),
  settings: z.string().min(1).optional(),
});

function parseOptions(values: Record<string, string | boolean | undefined>) {
  const result = optionsSchema.safeParse(values);
  if (!result.success) {
    throw new UsageError(
      result.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '),
      usage,
    );
  }
  if (result.data.from > result.data.to) throw new UsageError('--from must not be after --to', usage);
  if (result.data.json && result.data.csv) throw new UsageError('--json and --csv exclude each other', usage);
  return result.data;
}

interface ReportContext {
  readonly asOf: string;
  readonly currency: string;
  readonly customers: CustomerCounting;
  /** What the report says about deals that look like renewals of a term ending near them, if any. */
  readonly renewalsNote: string | null;
  /** A cut's group in words, e.g. "CSM: Aiko Sato". */
  readonly groupTitle: (key: string | null) => string | undefined;
}

function render(
  groups: readonly GroupReport[],
  cut: string | undefined,
  context: ReportContext,
  json: boolean,
): string {
  const { asOf, currency, customers, renewalsNote, groupTitle } = context;
  if (json) {
    const periods = (group: GroupReport) => group.periods.map(withoutReasons);
    const stated = { asOf, currency, customers, customersNote: customerCountingNotes[customers], renewalsNote };
    const body =
      cut === undefined
        ? { ...stated, periods: periods(groups[0] ?? { group: null, periods: [] }) }
        : { ...stated, cut, groups: groups.map((group) => ({ group: group.group, periods: periods(group) })) };
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  const tables = groups.map((group) => formatKpiTable(group, groupTitle(group.group), asOf, currency)).join('\n');
  return `${tables}${customerCountingNotes[customers]}\n${renewalsNote === null ? '' : `${renewalsNote}\n`}`;
}

/** `npm run kpi` with its arguments and environment (usage errors throw). */
export async function runKpiCommand(
  argv: readonly string[],
  environment: NodeJS.ProcessEnv,
  output: CommandOutput,
): Promise<void> {
  const env = parseEnv(environment);
  const args = parseSandboxArgs([...argv], usage, {
    from: { type: 'string' },
    to: { type: 'string' },
    period: { type: 'string' },
    cut: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    settings: { type: 'string' },
  });
  const options = parseOptions(args.rest);
  const kpiSettings =
    options.settings === undefined ? undefined : await settingsFromFile('kpi', options.settings, usage);
  const logger = createLogger(env.LOG_LEVEL);
  const { database, portalId } = await openPortfolioDatabase(env, args.source, {
    port: args.port,
    logger,
    withActivity: true,
    whileInUse: (url) =>
      `ask it: curl '${url ?? '<service URL>'}/api/v1/kpis?from=${options.from}&to=${options.to}&period=${options.period}${options.cut ? `&cut=${options.cut}` : ''}' (or use --demo / --fixture <file>, which need no DATA_DIR)`,
  });
  try {
    const portal = await portalResolver(database.db, portalId).resolve();
    const asOf = options['as-of'] ?? instantToLocalDate(Date.now(), portal.timeZone);
    if (options.to > monthOf(asOf))
      throw new UsageError(`--to must not be after the month of ${asOf}: later months have no figures yet`, usage);
    if (kpiSettings !== undefined)
      await applyContractRule(database.db, portal.id, kpiSettings, args.source !== undefined);
    // A loaded portfolio gets the onboardings the product opens at hand-off, each tracked from its hand-off (as if
    // the app had been there), not as a first run on an existing portal opens them (earlier milestones assumed done).
    if (args.source)
      await ensureOnboardingForCustomers(database.db, portal.id, asOf, undefined, {
        assumeEarlierMilestonesDone: false,
      });
    const groups = await portfolioKpis(database.db, {
      portalId: portal.id,
      timeZone: portal.timeZone,
      from: options.from,
      to: options.to,
      period: options.period,
      cut: options.cut ?? null,
      asOf,
      ...(kpiSettings === undefined ? {} : { settings: kpiSettings }),
    });
    const reports = toGroupReports(groups, minorUnitDigits(portal.currency));
    const customers = kpiSettings?.customers ?? (await customerCounting(database.db, portal.id));
    const groupTitle = await groupTitles(database.db, portal.id, options.cut);
    const renewalsNote = await renewalsNoteOf(database.db, portal.id);
    output.stdout(
      options.csv
        ? kpiReportCsv(reports, options.cut)
        : render(
            reports,
            options.cut,
            { asOf, currency: portal.currency, customers, renewalsNote, groupTitle },
            options.json,
          ),
    );
  } finally {
    await database.close();
  }
}

/**
 * The settings file's rules for deals (renewals, dealTypes, dealPipelines) apply where deals become contracts: a
 * fixture's own database stores the file as its KPI settings (deriving its contracts again); a synced one must be set
 * to them first.
 */
async function applyContractRule(db: Database, portalId: number, settings: SettingsOf<'kpi'>, ownDatabase: boolean) {
  if (ownDatabase) {
    await changeSettings(db, portalId, 'kpi', settings, 'npm run kpi --settings');
    return;
  }
  const stored = (await loadPortalSettings(db, portalId)).kpi;
  const differing = (['renewals', 'dealTypes', 'dealPipelines'] as const).filter(
    (name) => JSON.stringify(stored[name]) !== JSON.stringify(settings[name]),
  );
  if (differing.length > 0)
    throw new UsageError(
      `${differing.join(', ')} in --settings ${differing.length === 1 ? 'differs' : 'differ'} from the portal's: ${differing.length === 1 ? 'it applies' : 'they apply'} when deals become contracts, so set ${differing.length === 1 ? 'it' : 'them'} first (npm run settings -- set kpi FILE.json)`,
      usage,
    );
}
