import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client';
const handle = await openDatabase({ databaseUrl: process.argv[2]!, poolSize: 4 });
const db = handle.db;
const rows = ((await db.execute(sql`select portal_id, company_id, ('2026-11-0' || (2 + (row_number() over ()) % 7))::text as score_date, score, band, stage, adoption_since::text, active_users, seats, explanation, alerts, suggestions from health_scores where score_date = '2026-11-01' order by company_id limit 2000`)) as any).rows;
const json = JSON.stringify(rows);
console.log('json MB', json.length / 1e6);
async function variant(label: string, settings: string[], fn: 'jsonb' | 'json', explain: boolean) {
  await db.execute(sql`vacuum health_scores`);
  const a = performance.now();
  const out = await db.transaction(async (tx) => {
    for (const s of settings) await tx.execute(sql.raw(s));
    return tx.execute(sql`${sql.raw(explain ? 'explain (analyze, buffers) ' : '')}
      insert into health_scores (portal_id, company_id, score_date, score, band, stage, adoption_since, active_users, seats, explanation, alerts, suggestions)
      select * from ${sql.raw(fn)}_to_recordset(${json}::${sql.raw(fn)}) as r(portal_id bigint, company_id text, score_date date, score integer,
        band text, stage text, adoption_since date, active_users integer, seats integer, explanation jsonb, alerts jsonb, suggestions jsonb)
      on conflict (portal_id, company_id, score_date) do update set
        score = excluded.score, band = excluded.band, stage = excluded.stage, adoption_since = excluded.adoption_since,
        active_users = excluded.active_users, seats = excluded.seats, explanation = excluded.explanation,
        alerts = excluded.alerts, suggestions = excluded.suggestions, computed_at = now()`);
  });
  console.log(label, Math.round(performance.now() - a));
  if (explain) console.log((out as any).rows.map((r: any) => Object.values(r)[0]).join('\n'));
}
for (let i = 0; i < 2; i++) {
await variant('jsonb lz4', ["set local default_toast_compression = 'lz4'"], 'jsonb', false);
await variant('json lz4', ["set local default_toast_compression = 'lz4'"], 'json', false);
await variant('jsonb lz4 explain', ["set local default_toast_compression = 'lz4'"], 'jsonb', true);
}
await handle.close();
