import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function folders(parent: string): string[] {
  return readdirSync(path.join(root, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${parent}/${entry.name}`);
}

function readmeLayout(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Layout');
  const next = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, next === -1 ? undefined : next);
}

describe('the architecture is written down where a newcomer looks', () => {
  const architecture = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');

  it.each([...folders('src'), ...folders('extensions')])('docs/architecture.md names %s', (folder) => {
    expect(architecture).toContain(`\`${folder}`);
  });

  it.each(folders('src'))("the README's Layout names %s", (folder) => {
    expect(readmeLayout()).toContain(`\`${folder}`);
  });

  it("the README's Layout names extensions/ and links the architecture", () => {
    expect(readmeLayout()).toContain('`extensions/`');
    expect(readmeLayout()).toContain('(docs/architecture.md)');
  });
});
