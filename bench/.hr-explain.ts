import { openDatabase } from '../src/db/client';
import { explainStatements } from './health-recompute-explain';
const handle = await openDatabase({ databaseUrl: process.argv[2]!, poolSize: 4 });
await explainStatements(handle.db, 1, '2026-10-31');
await handle.close();
