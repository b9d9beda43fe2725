import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { writeDemoFixture } from '../../src/sandbox/demo/write-fixture';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'demo-fixture-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('writeDemoFixture', () => {
  it('writes the generated portfolio for the given seed and size', async () => {
    const path = join(directory, 'nested', 'demo.json');
    const { bytes } = await writeDemoFixture([path, '--seed', '7', '--companies', '30']);
    const text = await readFile(path, 'utf8');
    expect(Buffer.byteLength(text)).toBe(bytes);
    expect(text).toBe(`${JSON.stringify(generateDemoPortfolio({ seed: 7, companies: 30 }))}\n`);
    expect(fixtureSchema.parse(JSON.parse(text)).companies).toHaveLength(30);
  });

  it.each([
    [[]],
    [['out.json', '--seed', 'abc']],
    [['out.json', '--companies', '0']],
    [['out.json', '--as-of', '2026-13-01']],
  ])('rejects %j with the usage line', async (argv) => {
    await expect(writeDemoFixture(argv)).rejects.toThrow(/usage: npx tsx src\/sandbox\/demo\/write-fixture.ts/);
  });
});
