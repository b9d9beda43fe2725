import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { fixtureSchema } from '../fixture-schema';
import { generateDemoPortfolio } from './generate-demo-portfolio';

const usage =
  'usage: npx tsx src/sandbox/demo/write-fixture.ts <out.json> [--seed n] [--companies n] [--as-of YYYY-MM-DD] [--years n]';

const argumentsSchema = z.object({
  outputPath: z.string().min(1),
  seed: z.coerce.number().int().optional(),
  companies: z.coerce.number().int().positive().optional(),
  asOf: z.iso.date().optional(),
  years: z.coerce.number().int().positive().optional(),
});

export async function writeDemoFixture(argv: readonly string[]): Promise<{ path: string; bytes: number }> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      companies: { type: 'string' },
      'as-of': { type: 'string' },
      years: { type: 'string' },
    },
  });
  const parsed = argumentsSchema.safeParse({ outputPath: positionals[0], ...values, asOf: values['as-of'] });
  if (!parsed.success) throw new Error(`${usage}\n${z.prettifyError(parsed.error)}`);
  const { outputPath, ...options } = parsed.data;
  const fixture = generateDemoPortfolio(
    Object.fromEntries(Object.entries(options).filter(([, value]: [string, unknown]) => value !== undefined)),
  );
  // Written only once it validates, so a broken generator never leaves a broken fixture behind.
  fixtureSchema.parse(fixture);
  const json = `${JSON.stringify(fixture)}\n`;
  const path = resolve(outputPath);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, json);
  return { path, bytes: Buffer.byteLength(json) };
}

if (import.meta.url === `file://${process.argv[1] ? resolve(process.argv[1]) : ''}`) {
  writeDemoFixture(process.argv.slice(2)).then(
    ({ path, bytes }) => console.log(`wrote ${path} (${(bytes / 1_048_576).toFixed(1)} MB)`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
