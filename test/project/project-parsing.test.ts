import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ALLOWED_TOP_LEVEL_FIELDS, Components } from '@hubspot/project-parsing-lib/constants';
import { isKnownPlatformVersion, isLegacyProject, parseProjectConfig } from '@hubspot/project-parsing-lib/projects';
import { mapToUserFacingType } from '@hubspot/project-parsing-lib/transform';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/hubspot/project/app-config';

const repositoryRoot = join(import.meta.dirname, '..', '..');
const config = loadAppConfig();
const projectConfig = parseProjectConfig(repositoryRoot);
const allowedTopLevelFields = new Set<string>(ALLOWED_TOP_LEVEL_FIELDS);
const context = {
  projectSourceDir: join(repositoryRoot, projectConfig.srcDir),
  platformVersion: projectConfig.platformVersion,
};

async function translatedNodes() {
  const { intermediateRepresentation, skippedHsMetaFiles } = await translate(context, { skipValidation: true });
  return { nodes: Object.values(intermediateRepresentation.intermediateNodesIndexedByUid), skippedHsMetaFiles };
}

describe('HubSpot project, validated offline with @hubspot/project-parsing-lib', () => {
  it('hsproject.json parses and targets a current, non-legacy platform version', () => {
    expect(projectConfig).toEqual({ name: 'hubspot-cs-lifecycle', srcDir: 'extensions', platformVersion: '2026.03' });
    expect(isKnownPlatformVersion(projectConfig.platformVersion)).toBe(true);
    expect(isLegacyProject(projectConfig.platformVersion)).toBe(false);
  });

  it('translates every *-hsmeta.json, skipping none', async () => {
    const { nodes, skippedHsMetaFiles } = await translatedNodes();
    expect(skippedHsMetaFiles).toEqual([]);
    expect(nodes.map((node) => [node.uid, node.componentType, node.metaFilePath]).sort()).toEqual(
      [
        [config.uid, 'APPLICATION', 'app/app-hsmeta.json'],
        ...config.cards.map((card) => [
          card.uid,
          'CARD',
          `app/cards/${card.entrypoint.replace(/\.tsx$/, '')}-hsmeta.json`,
        ]),
        [config.webhooks.uid, 'WEBHOOKS', 'app/webhooks/webhooks-hsmeta.json'],
        ...(config.pages
          ? [[config.pages.uid, 'PAGE', `app/pages/${config.pages.entrypoint.replace(/\.tsx$/, '')}-hsmeta.json`]]
          : []),
      ].sort(),
    );
  });

  it('makes every feature depend on the app', async () => {
    const { nodes } = await translatedNodes();
    for (const node of nodes.filter((candidate) => candidate.componentType !== 'APPLICATION')) {
      expect(node.componentDeps, node.uid).toMatchObject({ app: config.uid });
    }
  });

  // translate() runs these checks only together with the schema fetch below; they need no network.
  it('passes the library checks that need no HubSpot account: uids, top-level fields, folders, singular components', async () => {
    const { nodes } = await translatedNodes();
    const countByType = new Map<string, number>();
    for (const node of nodes) {
      expect(validateUid(node.uid), node.uid).toBeUndefined();
      const raw: object = JSON.parse(readFileSync(join(context.projectSourceDir, node.metaFilePath), 'utf8'));
      expect(
        Object.keys(raw).filter((key) => !allowedTopLevelFields.has(key)),
        node.metaFilePath,
      ).toEqual([]);
      expect(node.config, node.uid).toBeTruthy();

      const type = mapToUserFacingType(node.componentType);
      const component = Components[type];
      expect(component, type).toBeDefined();
      const parentDirectory = component?.parentComponent ? (Components[component.parentComponent]?.dir ?? '') : '';
      expect(dirname(node.metaFilePath), node.metaFilePath).toBe(join(parentDirectory, component?.dir ?? ''));
      countByType.set(type, (countByType.get(type) ?? 0) + 1);
    }
    for (const [type, count] of countByType) {
      if (Components[type]?.singularComponent) expect(count, type).toBe(1);
    }
  });

  it("points every card's entrypoint at a file in the project", async () => {
    const { nodes } = await translatedNodes();
    const cards = nodes.filter((node) => node.componentType === 'CARD');
    expect(cards).toHaveLength(config.cards.length);
    for (const card of cards) {
      const { entrypoint } = card.config as { entrypoint: string };
      expect(existsSync(join(context.projectSourceDir, entrypoint)), entrypoint).toBe(true);
    }
  });

  it('declares app pages (type `pages`, not the older home `page`) whose entrypoint is a file in the project', async () => {
    const { nodes } = await translatedNodes();
    const pages = nodes.filter((node) => node.componentType === 'PAGE');
    expect(pages).toHaveLength(config.pages ? 1 : 0);
    for (const page of pages) {
      const raw: { type: string; config: Record<string, unknown> } = JSON.parse(
        readFileSync(join(context.projectSourceDir, page.metaFilePath), 'utf8'),
      );
      expect(raw.type).toBe('pages');
      expect(mapToUserFacingType(page.componentType)).toBe('pages');
      expect(Object.keys(raw.config)).toEqual(['entrypoint']);
      const { entrypoint } = page.config as { entrypoint: string };
      expect(existsSync(join(context.projectSourceDir, entrypoint)), entrypoint).toBe(true);
    }
  });

  // Full validation fetches each component's JSON schema from HubSpot
  // (project-components-external/project-schemas/v3/<platformVersion>) with the CLI's account
  // credentials, so it cannot run offline; `hs project validate` / `hs project upload` run it.
  it('full schema validation needs a HubSpot account, so it is not run here', async () => {
    await expect(translate(context)).rejects.toThrow(/account id is required to fetch component schemas/i);
  });
});
