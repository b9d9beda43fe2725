import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../src/config/env';
import { createLogger, logDestination, type LogFormat } from '../../src/config/logger';

/** What one info line with a field and a secret prints in `format`, on a terminal or not. */
function printed(format: LogFormat | undefined, terminal: boolean): string {
  let text = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = createLogger('info', logDestination(format, output, terminal));
  logger.info({ portalId: 9990001, accessToken: 'pat-na1-0000' }, 'health scores recomputed');
  return text;
}

describe('log format', () => {
  it('writes JSON lines off a terminal, for a log collector', () => {
    const line = printed(undefined, false);
    expect(JSON.parse(line)).toMatchObject({ level: 30, portalId: 9990001, msg: 'health scores recomputed' });
  });

  it('writes a readable line on a terminal (npm start), fields after the message and secrets still redacted', () => {
    const line = printed(undefined, true);
    expect(() => JSON.parse(line) as unknown).toThrow();
    // Colours come with the terminal; the words are the same without them.
    const words = stripVTControlCharacters(line);
    expect(words).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: health scores recomputed \{.*"portalId":9990001.*\}\n$/);
    expect(words).toContain('[redacted]');
    expect(words).not.toContain('pat-na1-0000');
  });

  it('follows LOG_FORMAT over the terminal check either way', () => {
    expect(() => JSON.parse(printed('json', true)) as unknown).not.toThrow();
    expect(printed('pretty', false)).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: health scores recomputed/);
  });

  it('refuses a LOG_FORMAT it does not know, naming it', () => {
    expect(() => parseEnv({ LOG_FORMAT: 'yaml' })).toThrow(ConfigError);
    expect(() => parseEnv({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
  });
});
