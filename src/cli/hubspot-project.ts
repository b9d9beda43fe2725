import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/env';
import { defaultAppConfigPath, loadAppConfig } from '../hubspot/project/app-config';
import { findDrift, generateProjectFiles, writeProjectFiles } from '../hubspot/project/generate';

const usage = `Usage: npm run hubspot:project [-- --check] [-- --config <path to app.json>]

Writes hsproject.json and the HubSpot project's *-hsmeta.json files from app.json.
--check  writes nothing; lists every file that differs from app.json and exits 1 if any does.`;

function main(): number {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      config: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const configPath = values.config === undefined ? defaultAppConfigPath : resolve(values.config);
  // The project lives next to its app.json.
  const rootDirectory = dirname(configPath);
  const files = generateProjectFiles(loadAppConfig(configPath));

  if (values.check) {
    const drift = findDrift(rootDirectory, files);
    if (drift.length === 0) {
      process.stdout.write(`HubSpot project is in sync with ${configPath}\n`);
      return 0;
    }
    process.stderr.write(`HubSpot project differs from ${configPath}; run npm run hubspot:project\n`);
    for (const { path, kind } of drift) process.stderr.write(`  ${kind.padEnd(10)} ${path}\n`);
    return 1;
  }

  const changes = writeProjectFiles(rootDirectory, files);
  for (const { path, kind } of changes) {
    process.stdout.write(
      `  ${kind === 'unexpected' ? 'removed' : kind === 'missing' ? 'created' : 'updated'} ${path}\n`,
    );
  }
  process.stdout.write(
    changes.length === 0 ? 'HubSpot project already up to date\n' : `Wrote ${changes.length} file(s)\n`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else if (isArgumentError(error)) {
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}

function isArgumentError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}
