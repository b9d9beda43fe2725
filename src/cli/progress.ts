import type { SyncProgress } from '../hubspot/sync/full-sync';

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
