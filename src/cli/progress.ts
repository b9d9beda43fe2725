import type { SyncProgress } from '../services/sync/full-sync';

/** Progress lines on stderr (stdout stays clean for commands that print data). */
export function printSyncProgress(progress: SyncProgress): void {
  const label = progress.objectType.padEnd(10);
  const note = progress.resumed ? ' (resumed)' : '';
  const line = `  sync ${label} ${String(progress.synced).padStart(7)} records, ${progress.pages} page(s)${note}`;
  if (process.stderr.isTTY && !progress.done) {
    process.stderr.write(`\r${line}`);
    return;
  }
  process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}${line}${progress.done ? ' done' : ''}\n`);
}

/** A long start-up step's progress on stderr: rewritten in place on a terminal, every quarter otherwise. */
export function stepProgress(label: string, unit: string): (done: number, total: number) => void {
  let lastQuarter = -1;
  return (done, total) => {
    const line = `  ${label.padEnd(15)} ${String(done).padStart(7)}/${total} ${unit}`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
      return;
    }
    const quarter = total === 0 ? 4 : Math.floor((done / total) * 4);
    if (quarter === lastQuarter) return;
    lastQuarter = quarter;
    process.stderr.write(`${line}\n`);
  };
}
