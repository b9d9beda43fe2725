import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const config: IConfiguration = createRequire(import.meta.url)('../../.dependency-cruiser.cjs');
const scratch = mkdtempSync(join(tmpdir(), 'architecture-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let scratchCount = 0;

/** Writes files into a fresh tree laid out like the repo and cruises it with the repo's rules. */
async function violationsOf(files: Record<string, string>): Promise<string[]> {
  const root = join(scratch, String((scratchCount += 1)));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const { tsConfig: _tsConfig, ...options } = config.options ?? {};
  const result = await cruise(
    ['src', 'extensions'].filter((folder) => Object.keys(files).some((path) => path.startsWith(folder))),
    {
      ...options,
      ruleSet: { forbidden: config.forbidden ?? [] },
      validate: true,
      baseDir: root,
    },
  );
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((violation) => violation.rule.name);
}

const exporting = 'export const value = 1;\n';

describe('architecture rules', () => {
  it.each<[string, Record<string, string>]>([
    [
      'domain-is-pure',
      {
        'src/domain/kpi/rule.ts': "import { value } from '../../services/kpi/use-case';\nexport const x = value;\n",
        'src/services/kpi/use-case.ts': exporting,
      },
    ],
    [
      'http-and-preview-use-services-not-db',
      {
        'src/http/routes/route.ts':
          "import { value } from '../../db/repositories/portals-repository';\nexport const x = value;\n",
        'src/db/repositories/portals-repository.ts': exporting,
      },
    ],
    [
      'http-and-preview-use-services-not-db',
      {
        'src/preview/page.ts':
          "import { value } from '../db/repositories/companies-repository';\nexport const x = value;\n",
        'src/db/repositories/companies-repository.ts': exporting,
      },
    ],
    [
      'http-and-preview-only-pass-the-db-handle',
      {
        'src/http/app.ts': "import { value } from '../db/client';\nexport const x = value;\n",
        'src/db/client.ts': exporting,
      },
    ],
    [
      'services-know-neither-http-nor-jobs',
      {
        'src/services/webhooks/receive.ts': "import { value } from '../../jobs/job-queue';\nexport const x = value;\n",
        'src/jobs/job-queue.ts': exporting,
      },
    ],
    [
      'services-know-neither-http-nor-jobs',
      {
        'src/services/card/card.ts': "import { value } from '../../http/app-error';\nexport const x = value;\n",
        'src/http/app-error.ts': exporting,
      },
    ],
    [
      'hubspot-adapter-does-not-touch-the-database',
      {
        'src/hubspot/sync/list-pages.ts':
          "import { value } from '../../db/repositories/companies-repository';\nexport const x = value;\n",
        'src/db/repositories/companies-repository.ts': exporting,
      },
    ],
    [
      'hubspot-adapter-names-only-row-shapes',
      {
        'src/hubspot/limits/call-budget.ts':
          "import type { Database } from '../../db/client';\nexport type Handle = Database;\n",
        'src/db/client.ts': 'export type Database = number;\n',
      },
    ],
    [
      'hubspot-adapter-knows-no-use-case',
      {
        'src/hubspot/sync/fetch-records.ts':
          "import { value } from '../../services/sync/apply-records';\nexport const x = value;\n",
        'src/services/sync/apply-records.ts': exporting,
      },
    ],
    [
      'sandbox-imports-nothing-of-the-product',
      {
        'src/sandbox/delivery.ts': "import { value } from '../hubspot/project/app-config';\nexport const x = value;\n",
        'src/hubspot/project/app-config.ts': exporting,
      },
    ],
    [
      'product-imports-nothing-of-the-sandbox',
      {
        'src/services/ingestion/activity.ts':
          "import { value } from '../../sandbox/fixture-schema';\nexport const x = value;\n",
        'src/sandbox/fixture-schema.ts': exporting,
      },
    ],
    [
      'extensions-are-self-contained',
      {
        'extensions/app/cards/card.tsx':
          "import { value } from '../../../src/services/card/card';\nexport const x = value;\n",
        'src/services/card/card.ts': exporting,
      },
    ],
    [
      'extensions-are-self-contained',
      {
        'extensions/app/cards/card.tsx':
          "import { value } from '../pages/shared/manager-payload';\nexport const x = value;\n",
        'extensions/app/pages/shared/manager-payload.ts': exporting,
      },
    ],
    [
      'no-import-cycles',
      {
        'src/domain/health/band.ts': "import { b } from './settings';\nexport const a = b;\n",
        'src/domain/health/settings.ts':
          "import type { a } from './band';\nexport const b = 1;\nexport type A = typeof a;\n",
      },
    ],
    [
      'no-unresolvable-imports',
      { 'src/services/card/card.ts': "import { value } from './missing';\nexport const x = value;\n" },
    ],
  ])('%s fires on a wrong import', async (rule, files) => {
    expect(await violationsOf(files)).toContain(rule);
  });

  it('allows what the layers allow: the CLI wires the sandbox, http passes the Database type, services read repositories, the HubSpot adapter names row types', async () => {
    expect(
      await violationsOf({
        'src/cli/start.ts':
          "import { value } from '../sandbox/server';\nimport { x } from '../http/app';\nexport const y = value + x;\n",
        'src/sandbox/server.ts': exporting,
        'src/http/app.ts':
          "import type { Database } from '../db/client';\nimport { found } from '../services/portfolio/directory';\nexport const x: Database = found;\n",
        'src/db/client.ts': 'export type Database = number;\n',
        'src/services/portfolio/directory.ts':
          "import { value } from '../../db/repositories/portals-repository';\nexport const found = value;\n",
        'src/db/repositories/portals-repository.ts': exporting,
        'extensions/app/cards/card.tsx': "import { value } from './shared/card-payload';\nexport const x = value;\n",
        'extensions/app/cards/shared/card-payload.ts': exporting,
        'src/hubspot/sync/record-mapping.ts':
          "import type { CompanyRow } from '../../db/repositories/companies-repository';\nexport type Row = CompanyRow;\n",
        'src/db/repositories/companies-repository.ts': 'export type CompanyRow = { id: string };\n',
      }),
    ).toEqual([]);
  });

  it('finds no violation in the repository', async () => {
    const result = await cruise(['src', 'extensions'], {
      ...config.options,
      ruleSet: { forbidden: config.forbidden ?? [] },
      validate: true,
    });
    const output = result.output as ICruiseResult;
    expect(
      output.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`),
    ).toEqual([]);
  }, 60_000);
});
