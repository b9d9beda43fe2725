import pg from 'pg';
import { openDatabase } from '../src/db/client';
import { recomputeHealth } from '../src/services/customer-success/recompute-health';
const original = pg.Client.prototype.query;
(pg.Client.prototype as any).query = function (this: unknown, ...args: any[]) {
  const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
  const a = performance.now();
  const r = original.apply(this, args as any);
  if (r && typeof (r as any).then === 'function') (r as Promise<unknown>).then(() => { const ms = performance.now() - a; if (ms > 100) console.log(Math.round(ms), String(text).replace(/\s+/g, ' ').slice(0, 110)); });
  return r;
};
const handle = await openDatabase({ databaseUrl: process.argv[2]!, poolSize: 4 });
const a = performance.now();
await recomputeHealth(handle.db, 1, process.argv[3] ?? '2026-10-31');
console.log('recompute', ((performance.now() - a) / 1000).toFixed(2));
await handle.close();
