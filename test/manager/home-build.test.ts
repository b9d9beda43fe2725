import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/hubspot/project/app-config';
import { isolateExtensions, repositoryRoot } from '../support/isolated-extension-bundle';

const repositoryPages = join(repositoryRoot, 'extensions', 'app', 'pages');
const home = loadAppConfig().pages;

// A copy outside the repository, as for the cards: an import out of extensions/ cannot resolve there.
const isolated = isolateExtensions('home-build-', repositoryPages);
const isolatedRoot = isolated.root;
const bundle = isolated.bundle;
const isolatedPages = join(isolatedRoot, 'extensions', 'app', 'pages');
afterAll(() => isolated.remove());

const pagesPackage: { dependencies: Record<string, string> } = JSON.parse(
  readFileSync(join(repositoryPages, 'package.json'), 'utf8'),
);

describe.skipIf(home === undefined)('the app pages', () => {
  const entrypoint = home?.entrypoint ?? '';

  it('has an entry file that does nothing but hubspot.extend at the pages location', () => {
    const code = readFileSync(join(repositoryPages, entrypoint), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('import '))
      .join('\n');
    expect(code.match(/hubspot\.extend/g)).toHaveLength(1);
    expect(code.startsWith("hubspot.extend<'pages'>(")).toBe(true);
  });

  it('bundles on its own from the extensions folder, with only the packages the page declares', async () => {
    const { result, packages, ownInputs } = await bundle(join(isolatedPages, entrypoint));
    expect(result.errors).toEqual([]);
    expect(packages).toEqual(expect.arrayContaining(['@hubspot/ui-extensions', 'react', 'zod']));
    expect(packages.filter((name) => !(name in pagesPackage.dependencies))).toEqual([]);
    expect(ownInputs.every((input) => input.startsWith('extensions/app/pages/'))).toBe(true);
  });

  it.each(readdirSync(join(repositoryPages, 'shared')).filter((name) => name.endsWith('.ts')))(
    'shared/%s imports nothing but zod',
    async (name) => {
      const { result, packages, ownInputs } = await bundle(join(isolatedPages, 'shared', name));
      expect(result.errors).toEqual([]);
      expect(packages.every((packageImported) => packageImported === 'zod')).toBe(true);
      expect(ownInputs).toEqual([
        relative(isolatedRoot, join(isolatedPages, 'shared', name))
          .split(sep)
          .join('/'),
      ]);
    },
  );
});
