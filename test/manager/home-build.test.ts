import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/hubspot/project/app-config';

const repositoryRoot = join(import.meta.dirname, '..', '..');
const repositoryPages = join(repositoryRoot, 'extensions', 'app', 'pages');
const home = loadAppConfig().home;

// A copy outside the repository, as in test/project/card-build.test.ts: an import out of extensions/ cannot resolve there.
const isolatedRoot = mkdtempSync(join(tmpdir(), 'home-build-'));
cpSync(join(repositoryRoot, 'extensions'), join(isolatedRoot, 'extensions'), { recursive: true, filter: (source) => !source.split(sep).includes('node_modules') });
const isolatedPages = join(isolatedRoot, 'extensions', 'app', 'pages');
afterAll(() => rmSync(isolatedRoot, { recursive: true, force: true }));

const dependencyDirectory = existsSync(join(repositoryPages, 'node_modules')) ? join(repositoryPages, 'node_modules') : join(repositoryRoot, 'node_modules');
const pagesPackage: { dependencies: Record<string, string> } = JSON.parse(readFileSync(join(repositoryPages, 'package.json'), 'utf8'));

async function bundle(entry: string) {
  const packages = new Set<string>();
  const recordPackages: Plugin = {
    name: 'record-packages',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
        if (!importer.split(sep).includes('node_modules')) packages.add(path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : (path.split('/')[0] ?? path));
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

describe.skipIf(home === undefined)('the app home page', () => {
  const entrypoint = home?.entrypoint ?? '';

  it('has an entry file that does nothing but hubspot.extend at the home location', () => {
    const code = readFileSync(join(repositoryPages, entrypoint), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('import '))
      .join('\n');
    expect(code.match(/hubspot\.extend/g)).toHaveLength(1);
    expect(code.startsWith("hubspot.extend<'home'>(")).toBe(true);
  });

  it('bundles on its own from the extensions folder, with only the packages the page declares', async () => {
    const { result, packages, ownInputs } = await bundle(join(isolatedPages, entrypoint));
    expect(result.errors).toEqual([]);
    expect(packages).toEqual(expect.arrayContaining(['@hubspot/ui-extensions', 'react', 'zod']));
    expect(packages.filter((name) => !(name in pagesPackage.dependencies))).toEqual([]);
    expect(ownInputs.every((input) => input.startsWith('extensions/app/pages/'))).toBe(true);
  });

  it.each(readdirSync(join(repositoryPages, 'shared')).filter((name) => name.endsWith('.ts')))('shared/%s imports nothing but zod', async (name) => {
    const { result, packages, ownInputs } = await bundle(join(isolatedPages, 'shared', name));
    expect(result.errors).toEqual([]);
    expect(packages.every((packageImported) => packageImported === 'zod')).toBe(true);
    expect(ownInputs).toEqual([relative(isolatedRoot, join(isolatedPages, 'shared', name)).split(sep).join('/')]);
  });
});
