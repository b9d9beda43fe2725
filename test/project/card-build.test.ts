import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/hubspot/project/app-config';

const repositoryRoot = join(import.meta.dirname, '..', '..');
const repositoryCards = join(repositoryRoot, 'extensions', 'app', 'cards');
const config = loadAppConfig();

// A copy outside the repository: a relative import that climbs out of extensions/ cannot resolve there.
const isolatedRoot = mkdtempSync(join(tmpdir(), 'cards-build-'));
cpSync(join(repositoryRoot, 'extensions'), join(isolatedRoot, 'extensions'), {
  recursive: true,
  filter: (source) => !source.split(sep).includes('node_modules'),
});
const isolatedCards = join(isolatedRoot, 'extensions', 'app', 'cards');
afterAll(() => rmSync(isolatedRoot, { recursive: true, force: true }));

// The cards' own install when there is one; otherwise the same packages from the repository root.
const dependencyDirectory = existsSync(join(repositoryCards, 'node_modules')) ? join(repositoryCards, 'node_modules') : join(repositoryRoot, 'node_modules');

const cardsPackage: { dependencies: Record<string, string> } = JSON.parse(readFileSync(join(repositoryCards, 'package.json'), 'utf8'));

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

async function bundle(entry: string) {
  const packages = new Set<string>();
  const recordPackages: Plugin = {
    name: 'record-packages',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
        if (!importer.split(sep).includes('node_modules')) packages.add(packageName(path));
        return undefined;
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: isolatedRoot,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    jsx: 'automatic',
    nodePaths: [dependencyDirectory],
    metafile: true,
    logLevel: 'silent',
    plugins: [recordPackages],
  });
  const ownInputs = Object.keys(result.metafile.inputs).filter((input) => !input.split('/').includes('node_modules'));
  return { result, packages: [...packages].sort(), ownInputs };
}

describe.each(config.cards)('card $uid', (card) => {
  const entryPath = join(repositoryCards, card.entrypoint);

  it('has an entry file that does nothing but hubspot.extend for its configured location', () => {
    expect(existsSync(entryPath)).toBe(true);
    const code = readFileSync(entryPath, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('import '))
      .join('\n');
    expect(code.match(/hubspot\.extend/g)).toHaveLength(1);
    expect(code.startsWith(`hubspot.extend<'${card.location}'>(`)).toBe(true);
  });

  it('bundles on its own from the extensions folder, with only the packages the cards declare', async () => {
    const { result, packages, ownInputs } = await bundle(join(isolatedCards, card.entrypoint));
    expect(result.errors).toEqual([]);
    expect(result.outputFiles).toHaveLength(1);
    expect(packages).toEqual(expect.arrayContaining(['@hubspot/ui-extensions', 'react']));
    expect(packages.filter((name) => !(name in cardsPackage.dependencies))).toEqual([]);
    expect(ownInputs.every((input) => input.startsWith('extensions/app/cards/'))).toBe(true);
  });
});

describe('cards/shared', () => {
  const sharedFiles = readdirSync(join(repositoryCards, 'shared')).filter((name) => name.endsWith('.ts'));

  it.each(sharedFiles)('%s imports nothing but zod, so the service and the card can both use it', async (name) => {
    const { result, packages, ownInputs } = await bundle(join(isolatedCards, 'shared', name));
    expect(result.errors).toEqual([]);
    expect(packages.every((packageImported) => packageImported === 'zod')).toBe(true);
    expect(ownInputs).toEqual([relative(isolatedRoot, join(isolatedCards, 'shared', name)).split(sep).join('/')]);
  });
});

describe('the isolation check itself', () => {
  it('fails a card that imports from src/', async () => {
    const leaking = join(isolatedCards, 'leaking-card.tsx');
    writeFileSync(leaking, "import { loadAppConfig } from '../../../src/hubspot/project/app-config';\nexport const config = loadAppConfig;\n");
    await expect(bundle(leaking)).rejects.toThrow(/Could not resolve "..\/..\/..\/src\/hubspot\/project\/app-config"/);
  });

  it('notices a package the cards do not declare', async () => {
    const undeclared = join(isolatedCards, 'undeclared-card.tsx');
    writeFileSync(undeclared, "import { z } from 'zod';\nimport pino from 'pino';\nexport const both = [z, pino];\n");
    const { packages } = await bundle(undeclared);
    expect(packages.filter((name) => !(name in cardsPackage.dependencies))).toEqual(['pino']);
  });
});
