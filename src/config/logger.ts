import { pino, type Logger } from 'pino';

export type { Logger };

// Logs go to stderr so CLI commands can keep stdout for their output (e.g. `kpi --json`).
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['*.accessToken', '*.authorization', '*.token', 'req.headers.authorization'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}
