import { readFile } from 'node:fs/promises';
import type { SettingsKind } from '../domain/settings/settings-kind';
import type { SettingsOf } from '../domain/settings/settings-schemas';
import { validateSettings } from '../domain/settings/settings-validation';
import { UsageError } from './run-cli';

/** A settings document from a JSON file, or a usage error naming the file and what is wrong with it. */
export async function readSettingsFile(path: string, usage: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read the settings file ${path}: ${error instanceof Error ? error.message : String(error)}`,
      usage,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `The settings file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      usage,
    );
  }
}

/** The file's settings of one kind over the defaults, validated like a PUT of the API. */
export async function settingsFromFile<Kind extends SettingsKind>(
  kind: Kind,
  path: string,
  usage: string,
): Promise<SettingsOf<Kind>> {
  const validation = validateSettings(kind, await readSettingsFile(path, usage));
  if (validation.valid) return validation.settings;
  const lines = validation.problems.map(
    (problem) => `  ${problem.field}: ${problem.message} (expected ${problem.expected}, sent ${problem.sent})`,
  );
  throw new UsageError(`Invalid ${kind} settings in ${path}:\n${lines.join('\n')}`, usage);
}
