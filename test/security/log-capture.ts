import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/config/logger';

/** A real pino logger (the service's options and redaction) writing into memory. */
export function capturingLogger(level = 'info'): { logger: Logger; lines(): string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(level, sink), lines: () => [...lines] };
}
