import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/hubspot/project/app-config';
import { isolateExtensions, repositoryRoot } from '../support/isolated-extension-bundle';

const repositoryCards = join(repositoryRoot, 'extensions', 'app', 'cards');
const config = loadAppConfig();

// A copy outside the repository: a relative import that climbs out of extensions/ cannot resolve there.
const isolated = isolateExtensions('cards-build-', repositoryCards);
const isolatedRoot = isolated.root;
const bundle = isolated.bundle;
const isolatedCards = join(isolatedRoot, 'extensions', 'app', 'cards');
afterAll(() => isolated.remove());

const cardsPackage: { dependencies: Record<string, string> } = JSON.parse(
  readFileSync(join(repositoryCards, 'package.json'), 'utf8'),
);

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
    expect(ownInputs).toEqual([
      relative(isolatedRoot, join(isolatedCards, 'shared', name))
        .split(sep)
        .join('/'),
    ]);
  });
});

describe('the isolation check itself', () => {
  it('fails a card that imports from src/', async () => {
    const leaking = join(isolatedCards, 'leaking-card.tsx');
    writeFileSync(
      leaking,
      "import { loadAppConfig } from '../../../src/hubspot/project/app-config';\nexport const config = loadAppConfig;\n",
    );
    await expect(bundle(leaking)).rejects.toThrow(/Could not resolve "..\/..\/..\/src\/hubspot\/project\/app-config"/);
  });

  it('notices a package the cards do not declare', async () => {
    const undeclared = join(isolatedCards, 'undeclared-card.tsx');
    writeFileSync(undeclared, "import { z } from 'zod';\nimport pino from 'pino';\nexport const both = [z, pino];\n");
    const { packages } = await bundle(undeclared);
    expect(packages.filter((name) => !(name in cardsPackage.dependencies))).toEqual(['pino']);
  });
});
