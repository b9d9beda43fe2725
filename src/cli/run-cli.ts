import { ConfigError } from '../config/env';
import { DataDirInUseError } from '../db/data-dir-lock';
import { hubSpotFailureInWords } from '../hubspot/failure-words';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

function describe(error: unknown): string {
  if (error instanceof UsageError) return `${error.message}\n\n${error.usage}`;
  if (error instanceof ConfigError || error instanceof DataDirInUseError) return error.message;
  const hubSpotFailure = hubSpotFailureInWords(error);
  if (hubSpotFailure !== undefined) return hubSpotFailure;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

/** Runs a CLI entry point: errors become one readable message on stderr and exit code 1 (2 for usage). */
/** A `--option N` value: absent stays undefined, anything but a positive whole number is a usage error. */
export function positiveIntegerOption(value: string | undefined, option: string, usage: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0)
    throw new UsageError(`${option} must be a positive whole number; got "${value}"`, usage);
  return number;
}

export function runCli(main: () => void | Promise<void>): void {
  // A synchronous throw from main is caught like a rejection.
  new Promise<void>((resolve) => {
    resolve(main());
  }).catch((error: unknown) => {
    process.stderr.write(`${describe(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
