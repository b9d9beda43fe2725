import { parseArgs } from 'node:util';
import type { SandboxSource } from './runtime';
import { UsageError } from './run-cli';

export interface SandboxArgs {
  readonly source: SandboxSource | undefined;
  readonly port: number | undefined;
  readonly rest: Record<string, string | boolean | undefined>;
}

/** `--fixture <file>` or `--demo`, `--port <n>`: the options the sandbox, sync and kpi commands share. */
export function parseSandboxArgs(
  argv: string[],
  usage: string,
  extra: Record<string, { type: 'string' | 'boolean' }> = {},
): SandboxArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        fixture: { type: 'string' },
        demo: { type: 'boolean' },
        port: { type: 'string' },
        help: { type: 'boolean' },
        ...extra,
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usage);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (values.fixture !== undefined && values.demo)
    throw new UsageError('--fixture and --demo exclude each other', usage);
  let port: number | undefined;
  if (typeof values.port === 'string') {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new UsageError(`--port must be an integer from 0 to 65535, got ${values.port}`, usage);
  }
  const source: SandboxSource | undefined =
    typeof values.fixture === 'string'
      ? { kind: 'fixture', path: values.fixture }
      : values.demo
        ? { kind: 'demo' }
        : undefined;
  return { source, port, rest: values };
}
