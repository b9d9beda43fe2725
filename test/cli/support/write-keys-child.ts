import { openDatabase } from '../../../src/db/client';
import { createApiKey } from '../../../src/services/ingestion/api-keys';

// Holds DATA_DIR and writes one committed row after another, printing each count once it is committed.
const dataDir = process.env.DATA_DIR ?? '';
const portalId = 4242;
const handle = await openDatabase({ dataDir });
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});
process.stdout.write('holding\n');
let written = 0;
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the SIGTERM handler sets it between turns
while (!stopping) {
  await createApiKey(handle.db, portalId, `row ${written}`);
  written += 1;
  process.stdout.write(`committed ${written}\n`);
  // PGlite answers through promises alone: without a turn of the event loop the SIGTERM handler would never run.
  await new Promise((resolve) => setImmediate(resolve));
}
await handle.close();
process.stdout.write(`closed after ${written}\n`);
