import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env';
import { loadAppConfig } from '../../src/hubspot/project/app-config';
import { findDrift, generateProjectFiles, writeProjectFiles } from '../../src/hubspot/project/generate';
import { present } from '../support/present';

const repositoryRoot = join(import.meta.dirname, '..', '..');
const config = loadAppConfig();

function parsedFile(path: string): unknown {
  const file = generateProjectFiles(config).find((candidate) => candidate.path === path);
  if (!file) throw new Error(`not generated: ${path}`);
  return JSON.parse(file.contents);
}

describe('checked-in HubSpot project', () => {
  it('equals what the generator produces from app.json (run npm run hubspot:project if this fails)', () => {
    expect(findDrift(repositoryRoot, generateProjectFiles(config))).toEqual([]);
  });
});

describe('generateProjectFiles', () => {
  it('writes the project files in a stable order, as 2-space JSON with a trailing newline', () => {
    const files = generateProjectFiles(config);
    expect(files.map((file) => file.path)).toEqual([
      'hsproject.json',
      'extensions/app/app-hsmeta.json',
      'extensions/app/cards/company-health-card-hsmeta.json',
      'extensions/app/cards/shared/service-endpoints.ts',
      'extensions/app/pages/manager-pages-hsmeta.json',
      'extensions/app/pages/shared/service-endpoints.ts',
      'extensions/app/webhooks/webhooks-hsmeta.json',
    ]);
    for (const file of files.filter((candidate) => candidate.path.endsWith('.json'))) {
      expect(file.contents).toBe(`${JSON.stringify(JSON.parse(file.contents), null, 2)}\n`);
    }
    expect(generateProjectFiles(config)).toEqual(files);
  });

  it('names the project after app.json on platform 2026.03 with extensions as srcDir', () => {
    expect(parsedFile('hsproject.json')).toEqual({
      name: 'hubspot-cs-lifecycle',
      srcDir: 'extensions',
      platformVersion: '2026.03',
    });
  });

  it('gives the app its scopes, support details and the service URL as a permitted fetch URL', () => {
    expect(parsedFile('extensions/app/app-hsmeta.json')).toMatchObject({
      uid: 'cs_lifecycle_app',
      type: 'app',
      config: {
        distribution: 'private',
        auth: {
          type: 'oauth',
          redirectUrls: ['https://cs-lifecycle.example.com/oauth/callback'],
          requiredScopes: config.auth.requiredScopes,
          optionalScopes: config.auth.optionalScopes,
        },
        permittedUrls: { fetch: ['https://cs-lifecycle.example.com'], iframe: [], img: [] },
        support: { supportEmail: config.support.supportEmail },
      },
    });
  });

  it('points the card at its entry file, location and object types', () => {
    expect(parsedFile('extensions/app/cards/company-health-card-hsmeta.json')).toEqual({
      uid: 'company_health_card',
      type: 'card',
      config: {
        name: 'Customer Success',
        description: present(config.cards[0], 'a card').description,
        location: 'crm.record.tab',
        entrypoint: '/app/cards/company-health-card.tsx',
        objectTypes: ['companies'],
      },
    });
  });

  it('makes the manager view app pages (type pages, routed by createPageRouter) with its data URL generated next to it', () => {
    expect(parsedFile('extensions/app/pages/manager-pages-hsmeta.json')).toEqual({
      uid: 'manager_pages',
      type: 'pages',
      config: { entrypoint: '/app/pages/manager-pages.tsx' },
    });
    const endpoints = generateProjectFiles(config).find(
      (file) => file.path === 'extensions/app/pages/shared/service-endpoints.ts',
    );
    expect(endpoints?.contents).toContain(
      "export const portfolioDataUrl = 'https://cs-lifecycle.example.com/hubspot/home/manager-portfolio';",
    );
  });

  it('expands each webhook object into one object.* subscription per event and per watched property', () => {
    const webhooks = parsedFile('extensions/app/webhooks/webhooks-hsmeta.json') as {
      config: {
        settings: unknown;
        subscriptions: { crmObjects: { subscriptionType: string; objectType: string; propertyName?: string }[] };
      };
    };
    expect(webhooks.config.settings).toEqual({
      targetUrl: 'https://cs-lifecycle.example.com/hubspot/webhooks',
      maxConcurrentRequests: 10,
    });
    const { crmObjects } = webhooks.config.subscriptions;
    const expectedCount = config.webhooks.objects.reduce(
      (sum, object) => sum + object.events.length + object.properties.length,
      0,
    );
    expect(crmObjects).toHaveLength(expectedCount);
    expect(crmObjects).toContainEqual({
      subscriptionType: 'object.associationChange',
      objectType: 'deal',
      active: true,
    });
    expect(crmObjects).toContainEqual({
      subscriptionType: 'object.propertyChange',
      objectType: 'deal',
      propertyName: 'dealstage',
      active: true,
    });
    expect(crmObjects).toContainEqual({ subscriptionType: 'object.merge', objectType: 'company', active: true });
  });

  it('adds redirect URLs only to an OAuth app, and the service URL to fetch only once', () => {
    const oauth = {
      ...config,
      auth: {
        ...config.auth,
        type: 'oauth' as const,
        redirectUrls: ['https://cs-lifecycle.example.com/oauth/callback'],
      },
      permittedUrls: { ...config.permittedUrls, fetch: ['https://cs-lifecycle.example.com', 'https://api.hubapi.com'] },
    };
    type AppFile = { config: { auth: object; permittedUrls: { fetch: string[] } } };
    const oauthApp = JSON.parse(present(generateProjectFiles(oauth)[1], 'app-hsmeta.json').contents) as AppFile;
    expect(oauthApp.config.auth).toMatchObject({
      type: 'oauth',
      redirectUrls: ['https://cs-lifecycle.example.com/oauth/callback'],
    });
    expect(oauthApp.config.permittedUrls.fetch).toEqual(['https://cs-lifecycle.example.com', 'https://api.hubapi.com']);
    const { requiredScopes, optionalScopes, conditionallyRequiredScopes } = config.auth;
    const staticConfig = {
      ...config,
      auth: { type: 'static' as const, requiredScopes, optionalScopes, conditionallyRequiredScopes },
    };
    const staticApp = JSON.parse(present(generateProjectFiles(staticConfig)[1], 'app-hsmeta.json').contents) as AppFile;
    expect(staticApp.config.auth).not.toHaveProperty('redirectUrls');
  });

  it('generates the URLs the card fetches from the service', () => {
    const module = present(
      generateProjectFiles(config).find((file) => file.path.endsWith('service-endpoints.ts')),
      'service-endpoints.ts',
    );
    expect(module.contents).toContain("export const serviceBaseUrl = 'https://cs-lifecycle.example.com';");
    expect(module.contents).toContain(
      "company_health_card: 'https://cs-lifecycle.example.com/hubspot/cards/company-health',",
    );
  });
});

describe('drift detection and writing', () => {
  const temporaryDirectories: string[] = [];
  afterEach(() =>
    temporaryDirectories.splice(0).forEach((directory) => rmSync(directory, { recursive: true, force: true })),
  );

  function emptyProject(): string {
    const directory = mkdtempSync(join(tmpdir(), 'hubspot-project-'));
    temporaryDirectories.push(directory);
    copyFileSync(join(repositoryRoot, 'app.json'), join(directory, 'app.json'));
    return directory;
  }

  it('reports missing, changed and unexpected files, and writing fixes all three', () => {
    const root = emptyProject();
    const files = generateProjectFiles(config);
    expect(findDrift(root, files).map((drift) => drift.kind)).toEqual(files.map(() => 'missing'));

    writeProjectFiles(root, files);
    expect(findDrift(root, files)).toEqual([]);

    writeFileSync(join(root, 'extensions/app/app-hsmeta.json'), '{}\n');
    writeFileSync(join(root, 'extensions/app/cards/old-card-hsmeta.json'), '{}\n');
    expect(findDrift(root, files)).toEqual([
      { path: 'extensions/app/app-hsmeta.json', kind: 'changed' },
      { path: 'extensions/app/cards/old-card-hsmeta.json', kind: 'unexpected' },
    ]);

    expect(writeProjectFiles(root, files)).toHaveLength(2);
    expect(findDrift(root, files)).toEqual([]);
    expect(readFileSync(join(root, 'extensions/app/app-hsmeta.json'), 'utf8')).toBe(
      present(files[1], 'app-hsmeta.json').contents,
    );
  });

  it('the CLI --check exits 1 and lists the drift; a plain run fixes it', () => {
    const root = emptyProject();
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(repositoryRoot, 'src/cli/hubspot-project.ts'),
          '--config',
          join(root, 'app.json'),
          ...args,
        ],
        {
          cwd: repositoryRoot,
          encoding: 'utf8',
        },
      );

    const before = run('--check');
    expect(before.status).toBe(1);
    expect(before.stderr).toContain('missing    extensions/app/webhooks/webhooks-hsmeta.json');

    expect(run().status).toBe(0);
    const after = run('--check');
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toContain('in sync');
  });
});

describe('a project for upload', () => {
  const refusal = (changed: typeof config) => {
    try {
      generateProjectFiles(changed);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.issues;
    }
  };

  it('refuses a service URL HubSpot cannot call: http, even to localhost', () => {
    for (const publicUrl of ['http://cs.acme.test', 'http://localhost:3000']) {
      expect(refusal({ ...config, service: { publicUrl } }).join('\n')).toMatch(/service\.publicUrl: .* is not https/);
    }
  });

  it('refuses http permitted URLs and http redirect URLs but to localhost', () => {
    const issues = refusal({
      ...config,
      permittedUrls: { ...config.permittedUrls, img: ['http://images.acme.test'] },
      auth: {
        ...config.auth,
        type: 'oauth',
        redirectUrls: ['http://localhost:3000/oauth/callback', 'http://cs.acme.test/oauth/callback'],
      },
    });
    expect(issues).toEqual([
      'app.json permittedUrls.img: http://images.acme.test is not https',
      'app.json auth.redirectUrls: http://cs.acme.test/oauth/callback must be https (http only for localhost)',
    ]);
  });

  it('makes npm run hubspot:project exit 1 naming the field, writing nothing', () => {
    const directory = mkdtempSync(join(tmpdir(), 'hubspot-project-http-'));
    try {
      const raw = JSON.parse(readFileSync(join(repositoryRoot, 'app.json'), 'utf8')) as {
        service: { publicUrl: string };
      };
      raw.service.publicUrl = 'http://127.0.0.1:3000';
      writeFileSync(join(directory, 'app.json'), JSON.stringify(raw));
      const run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(repositoryRoot, 'src/cli/hubspot-project.ts'),
          '--config',
          join(directory, 'app.json'),
        ],
        { cwd: repositoryRoot, encoding: 'utf8' },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('service.publicUrl: http://127.0.0.1:3000 is not https');
      expect(findDrift(directory, generateProjectFiles(config)).every((drift) => drift.kind === 'missing')).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
