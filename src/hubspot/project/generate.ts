import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { ConfigError } from '../../config/env';
import type { AppConfig } from './app-config';
import {
  appHsMeta,
  cardBaseName,
  cardHsMeta,
  cardServiceEndpointsModule,
  appPagesBaseName,
  appPagesHsMeta,
  pagesServiceEndpointsModule,
  hsProjectConfig,
  projectSourceDir,
  webhooksHsMeta,
} from './hsmeta';
import { uploadProblems } from './upload-rules';

const hsMetaSuffix = '-hsmeta.json';

export interface ProjectFile {
  /** POSIX path relative to the repository root. */
  readonly path: string;
  readonly contents: string;
}

export interface Drift {
  readonly path: string;
  /** missing: not on disk; changed: differs from app.json; unexpected: an hsmeta file app.json does not declare. */
  readonly kind: 'missing' | 'changed' | 'unexpected';
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Every file of the HubSpot project that is derived from app.json, in a stable order; refused when HubSpot would refuse the upload. */
export function generateProjectFiles(config: AppConfig): ProjectFile[] {
  const problems = uploadProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const appDir = `${projectSourceDir}/app`;
  return [
    { path: 'hsproject.json', contents: toJson(hsProjectConfig(config)) },
    { path: `${appDir}/app${hsMetaSuffix}`, contents: toJson(appHsMeta(config)) },
    ...config.cards.map((card) => ({
      path: `${appDir}/cards/${cardBaseName(card)}${hsMetaSuffix}`,
      contents: toJson(cardHsMeta(card)),
    })),
    { path: `${appDir}/cards/shared/service-endpoints.ts`, contents: cardServiceEndpointsModule(config) },
    ...(config.pages
      ? [
          {
            path: `${appDir}/pages/${appPagesBaseName(config.pages)}${hsMetaSuffix}`,
            contents: toJson(appPagesHsMeta(config.pages)),
          },
          {
            path: `${appDir}/pages/shared/service-endpoints.ts`,
            contents: pagesServiceEndpointsModule(config, config.pages),
          },
        ]
      : []),
    { path: `${appDir}/webhooks/webhooks${hsMetaSuffix}`, contents: toJson(webhooksHsMeta(config)) },
  ];
}

export function findDrift(rootDirectory: string, files: readonly ProjectFile[]): Drift[] {
  const drift: Drift[] = [];
  for (const file of files) {
    const absolutePath = join(rootDirectory, file.path);
    if (!existsSync(absolutePath)) drift.push({ path: file.path, kind: 'missing' });
    else if (readFileSync(absolutePath, 'utf8') !== file.contents) drift.push({ path: file.path, kind: 'changed' });
  }
  const expected = new Set(files.map((file) => file.path));
  for (const path of listHsMetaFiles(rootDirectory)) {
    if (!expected.has(path)) drift.push({ path, kind: 'unexpected' });
  }
  return drift;
}

/** Brings the project in line with app.json; returns what it changed. */
export function writeProjectFiles(rootDirectory: string, files: readonly ProjectFile[]): Drift[] {
  const drift = findDrift(rootDirectory, files);
  const contentsByPath = new Map(files.map((file) => [file.path, file.contents]));
  for (const { path, kind } of drift) {
    const absolutePath = join(rootDirectory, path);
    const contents = contentsByPath.get(path);
    if (kind === 'unexpected' || contents === undefined) {
      rmSync(absolutePath);
      continue;
    }
    mkdirSync(dirname(absolutePath), { recursive: true });
    writeFileSync(absolutePath, contents);
  }
  return drift;
}

function listHsMetaFiles(rootDirectory: string): string[] {
  const found: string[] = [];
  const visit = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const absolutePath = join(directory, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') visit(absolutePath);
      else if (entry.isFile() && entry.name.endsWith(hsMetaSuffix))
        found.push(relative(rootDirectory, absolutePath).split(sep).join('/'));
    }
  };
  const sourceDirectory = join(rootDirectory, projectSourceDir);
  if (existsSync(sourceDirectory)) visit(sourceDirectory);
  return found.sort();
}
