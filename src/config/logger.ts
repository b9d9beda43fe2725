import { pino, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

export type { Logger };

/**
 * Secrets and personal data never reach a log line: credentials wherever they appear one level down,
 * e-mail addresses, and the values a failed query carried (a driver error's `params` and `detail`
 * repeat the row, e.g. `Key (portal_id, email)=(…)`).
 */
const secretKeys = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-hubspot-signature-v3',
  'x-hubspot-signature',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'token',
  'apiKey',
  'secret',
  'clientSecret',
  'client_secret',
  'password',
];
const personalKeys = ['email', 'userEmail', 'ownerEmail', 'userId', 'params', 'parameters', 'detail'];
export const redactedPaths = [
  ...[...secretKeys, ...personalKeys].flatMap((key) => [`["${key}"]`, `*["${key}"]`]),
  ...['authorization', 'cookie'].flatMap((key) => [
    `req.headers["${key}"]`,
    `headers["${key}"]`,
    `*.headers["${key}"]`,
  ]),
  'err.cause.params',
  'err.cause.detail',
  'err.cause.parameters',
  // An OAuth callback's `code` and HubSpot's user fields, when a query object is logged.
  ...['code', 'userEmail', 'userId', 'email'].flatMap((key) => [`query["${key}"]`, `*.query["${key}"]`]),
];

/** A URL's path only: query strings carry e-mail addresses and user ids (HubSpot appends them to signed calls). */
function withoutQuery(url: unknown): unknown {
  return typeof url === 'string' ? url.split('?', 1)[0] : url;
}

// drizzle's query errors repeat the bound values in their message (`Failed query: … params: …`).
const boundValues = /\nparams: [\s\S]*?(?=\n {4}at |$)/;

function errorWithoutValues(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error);
  return {
    ...serialized,
    message: serialized.message.replace(boundValues, '\nparams: [redacted]'),
    stack: serialized.stack.replace(boundValues, '\nparams: [redacted]'),
  };
}

export const logFormats = ['json', 'pretty'] as const;
export type LogFormat = (typeof logFormats)[number];

/**
 * Where log lines go: JSON, one object a line, for a log collector; or one readable line each (time, level,
 * message, then the fields) when asked, or by default when stderr is a terminal: a person reading `npm start`.
 */
export function logDestination(
  format: LogFormat | undefined,
  output: number | NodeJS.WritableStream = 2,
  terminal: boolean = process.stderr.isTTY,
): pino.DestinationStream {
  if (format === 'json' || (format === undefined && !terminal))
    return typeof output === 'number' ? pino.destination(output) : output;
  return pinoPretty({
    destination: output,
    sync: true,
    colorize: terminal,
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
  });
}

function envLogFormat(): LogFormat | undefined {
  const format = process.env.LOG_FORMAT;
  return format === 'json' || format === 'pretty' ? format : undefined;
}

// Logs go to stderr so CLI commands can keep stdout for their output (e.g. `kpi --json`).
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination: pino.DestinationStream = logDestination(envLogFormat()),
): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { err: errorWithoutValues, url: withoutQuery, originalUrl: withoutQuery },
    },
    destination,
  );
}
