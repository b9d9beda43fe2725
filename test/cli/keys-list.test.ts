import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyListOutput } from '../../src/cli/key-list-lines';
import { startCli } from '../support/cli-process';

describe('npm run keys -- list', () => {
  it('says what to do when a portal has no keys, on stderr, and prints no rows', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cs-keys-list-'));
    try {
      const list = startCli('src/cli/keys.ts', ['list', '--portal', '4242'], { DATA_DIR: dataDir });
      expect(await list.exited(), list.stderr()).toBe(0);
      expect(list.stdout()).toBe('');
      expect(list.stderr()).toContain(
        'No API keys for portal 4242 yet. Create one with: npm run keys -- create --portal 4242',
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('prints one tab-separated row a key and no note', () => {
    const createdAt = new Date('2026-12-01T09:00:00Z');
    const { rows, note } = keyListOutput(
      [
        { id: 'k1', portalId: 7, scope: 'api', keyPrefix: 'csk_ab12', name: 'warehouse', createdAt, revokedAt: null },
        { id: 'k2', portalId: 7, scope: 'ingest', keyPrefix: 'csk_cd34', name: null, createdAt, revokedAt: createdAt },
      ],
      undefined,
    );
    expect(note).toBeUndefined();
    expect(rows).toEqual([
      'k1\tportal 7\tscope api\tcsk_ab12…\twarehouse\tcreated 2026-12-01T09:00:00.000Z\tactive',
      'k2\tportal 7\tscope ingest\tcsk_cd34…\t\tcreated 2026-12-01T09:00:00.000Z\trevoked 2026-12-01T09:00:00.000Z',
    ]);
    expect(keyListOutput([], undefined).note).toContain('--portal <id>');
  });
});
