import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderOpenApiDocument } from '../http/openapi/openapi-document';
import { runCli } from './run-cli';

// The checked-in copy of the document: reviewed in diffs, and read by tools without running the service.
const checkedInOpenApiPath = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

runCli(() => {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const rendered = renderOpenApiDocument();
  if (values.check) {
    const current = readFileSync(checkedInOpenApiPath, 'utf8');
    if (current !== rendered) throw new Error('docs/openapi.json is stale: run npm run openapi');
    process.stdout.write("docs/openapi.json matches the routes' schemas\n");
    return;
  }
  writeFileSync(checkedInOpenApiPath, rendered);
  process.stdout.write(`wrote ${checkedInOpenApiPath}\n`);
});
