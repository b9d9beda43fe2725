import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import {
  bulkLoadRows,
  refreshPlannerStatistics,
  usageTables,
} from '../../db/repositories/planner-statistics-repository';
import { columnTargets, rowToEventInput, type ColumnTarget } from '../../domain/usage/csv-mapping';
import { normalizeUsageEvent, usageEventInputSchema, validateEach } from '../../domain/usage/usage-event';
import { ingestEvents, type IngestionTarget } from './ingest-events';

export type RejectedRow = { line: number; reasons: string[] };
export type CsvImportReport = {
  rows: number;
  stored: number;
  duplicates: number;
  unmatched: number;
  rejected: number;
  rejectedRows: RejectedRow[];
};

// The report lists this many rejected rows; the count covers them all.
const maxListedRejections = 1_000;

/** An upload over one of the CSV caps: the chunks before it are stored (a resend is deduplicated), the rest is not read. */
export class CsvLimitExceeded extends Error {
  constructor(
    readonly limit: 'bytes' | 'rows',
    readonly maximum: number,
    readonly report: CsvImportReport,
  ) {
    super(limit === 'bytes' ? `The CSV is larger than ${maximum} bytes` : `The CSV has more than ${maximum} rows`);
    this.name = 'CsvLimitExceeded';
  }
}

function byteCap(maximum: number, onExceeded: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maximum ? onExceeded() : null, chunk);
    },
  });
}

/**
 * Streams a CSV of usage events: rows are parsed, validated and stored a chunk at a time, so memory stays
 * flat whatever the file's size. Bad rows are reported by line and never stop the import.
 */
export async function importUsageCsv(
  target: IngestionTarget,
  input: Readable,
  mappings: ReadonlyMap<string, ColumnTarget>,
): Promise<CsvImportReport> {
  const report: CsvImportReport = { rows: 0, stored: 0, duplicates: 0, unmatched: 0, rejected: 0, rejectedRows: [] };
  const reject = (line: number, reasons: string[]) => {
    report.rejected += 1;
    if (report.rejectedRows.length < maxListedRejections) report.rejectedRows.push({ line, reasons });
  };
  const { csvMaxBytes, csvMaxRows, csvMaxRecordCharacters } = target.settings;
  // A record over the size cap (an unclosed quote, say) is rejected like any bad row: memory stays bounded.
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    max_record_size: csvMaxRecordCharacters,
  });
  parser.on('skip', (error: Error & { lines?: number }) => reject(error.lines ?? 0, [error.message]));
  let targets: ColumnTarget[] | null = null;
  let chunk: { line: number; input: Record<string, unknown> }[] = [];
  const flush = async () => {
    const items = chunk;
    chunk = [];
    const { events, problems } = validateEach(
      items.map((item) => item.input),
      usageEventInputSchema,
      normalizeUsageEvent,
      {
        now: Date.now(),
        futureToleranceHours: target.settings.futureToleranceHours,
      },
    );
    const reasons = new Map<number, string[]>();
    for (const problem of problems)
      reasons.set(problem.index, [...(reasons.get(problem.index) ?? []), `${problem.field}: ${problem.message}`]);
    for (const [index, messages] of reasons) reject(items[index]?.line ?? 0, messages);
    const result = await ingestEvents(
      target,
      events.map((item) => item.event),
    );
    report.stored += result.stored;
    report.duplicates += result.duplicates;
    report.unmatched += result.unmatched;
  };
  const capped = byteCap(csvMaxBytes, () => new CsvLimitExceeded('bytes', csvMaxBytes, report));
  input.on('error', (error) => capped.destroy(error));
  capped.on('error', (error) => parser.destroy(error));
  for await (const record of input.pipe(capped).pipe(parser)) {
    const { record: values, info } = record as { record: string[]; info: { lines: number } };
    if (targets === null) {
      targets = columnTargets(
        values.map((column) => column.trim()),
        mappings,
      );
      continue;
    }
    report.rows += 1;
    if (report.rows > csvMaxRows) {
      report.rows -= 1;
      if (chunk.length > 0) await flush();
      throw new CsvLimitExceeded('rows', csvMaxRows, report);
    }
    if (values.length !== targets.length) {
      reject(info.lines, [`expected ${targets.length} columns, found ${values.length}`]);
      continue;
    }
    chunk.push({ line: info.lines, input: rowToEventInput(values, targets) });
    if (chunk.length >= target.settings.csvChunkRows) await flush();
  }
  if (chunk.length > 0) await flush();
  if (report.stored + report.unmatched >= bulkLoadRows) await refreshPlannerStatistics(target.db, usageTables);
  return report;
}
