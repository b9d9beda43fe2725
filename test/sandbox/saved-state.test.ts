import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreSavedState, saveStateOnChange } from '../../src/sandbox/saved-state';
import type { SandboxStore } from '../../src/sandbox/store';
import type { StoreChange } from '../../src/sandbox/store-events';
import { companies, fixture, startHarness } from './sandbox-harness';

const portfolio = fixture({ companies: companies(3) });
const source = 'the demo portfolio';
const directories: string[] = [];

afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

async function stateFile(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
  directories.push(directory);
  return join(directory, 'sandbox-state.json');
}

/** Saves as the service does, failing the test on a write error. */
function savingTo(store: SandboxStore, file: string, delayMs?: number) {
  return saveStateOnChange(
    store,
    file,
    source,
    (error) => {
      throw error;
    },
    delayMs,
  );
}

const toCompany = (id: string) => [
  {
    to: { id },
    types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 192 }],
  },
];

describe('the sandbox saved between runs', () => {
  it('puts back the records, values and associations the last run made, announcing none of them', async () => {
    const file = await stateFile();
    const first = await startHarness({ fixture: portfolio });
    const saver = savingTo(first.sandbox.store, file);
    const task = await first.client.crm.objects.tasks.basicApi.create({
      properties: { hs_task_subject: 'Call', hs_timestamp: '2026-12-01T10:00:00Z', hs_task_status: 'NOT_STARTED' },
      associations: toCompany('2'),
    });
    await first.client.crm.objects.tasks.basicApi.update(task.id, { properties: { hs_task_status: 'COMPLETED' } });
    await first.client.crm.companies.basicApi.update('1', { properties: { name: 'Renamed' } });
    await first.client.crm.companies.basicApi.archive('3');
    await saver.close();

    const second = await startHarness({ fixture: portfolio });
    const changes: StoreChange[] = [];
    second.sandbox.store.events.onChange((change) => changes.push(change));
    expect(await restoreSavedState(second.sandbox.store, file, source)).toEqual({ kind: 'restored', records: 4 });
    expect(changes).toEqual([]);
    const restored = await second.client.crm.objects.tasks.basicApi.getById(task.id, [
      'hs_task_status',
      'hs_task_completion_date',
    ]);
    expect(restored.properties.hs_task_status).toBe('COMPLETED');
    expect(restored.properties.hs_task_completion_date).not.toBeNull();
    const company = await second.client.crm.companies.basicApi.getById('2', undefined, undefined, ['tasks']);
    expect(company.associations?.tasks?.results).toEqual([{ id: task.id, type: 'company_to_task' }]);
    expect((await second.client.crm.companies.basicApi.getById('1')).properties.name).toBe('Renamed');
    const live = await second.client.crm.companies.basicApi.getPage(10);
    expect(live.results.map((each) => each.id).sort()).toEqual(['1', '2']);
    // Ids carry on after the saved ones: a new task never takes the id of one a run recorded.
    const next = await second.client.crm.objects.tasks.basicApi.create({
      properties: { hs_task_subject: 'Next', hs_timestamp: '2026-12-02T10:00:00Z' },
      associations: [],
    });
    expect(Number(next.id)).toBeGreaterThan(Number(task.id));
  });

  it('saves a burst of changes a moment after it, and nothing when nothing changed', async () => {
    const file = await stateFile();
    const { sandbox } = await startHarness({ fixture: portfolio });
    const idle = savingTo(sandbox.store, file, 50);
    await idle.close();
    await expect(readFile(file, 'utf8')).rejects.toThrow('ENOENT');
    const saver = savingTo(sandbox.store, file, 50);
    for (const index of [1, 2, 3]) sandbox.store.objects.update('companies', String(index), { name: `Batch ${index}` });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      objects: { id: string; properties: { name: string } }[];
    };
    expect(saved.objects.map((object) => object.properties.name).sort()).toEqual(['Batch 1', 'Batch 2', 'Batch 3']);
    await saver.close();
  });

  it.each([
    { content: '{ not json', why: 'not JSON' },
    {
      content: JSON.stringify({ version: 1, source, portalId: 4242, nextId: 0, objects: [], associations: [] }),
      why: 'nextId',
    },
    {
      content: JSON.stringify({
        version: 1,
        source: 'fixtures/other.json',
        portalId: 4242,
        nextId: 1,
        objects: [],
        associations: [],
      }),
      why: 'saved from fixtures/other.json',
    },
  ])('starts from the fixture when the saved file cannot be used ($why)', async ({ content, why }) => {
    const file = await stateFile();
    await writeFile(file, content);
    const { sandbox } = await startHarness({ fixture: portfolio });
    const loaded = await restoreSavedState(sandbox.store, file, source);
    expect(loaded.kind).toBe('unreadable');
    expect(loaded.kind === 'unreadable' ? loaded.why : '').toContain(why);
    expect(sandbox.store.objects.list('companies')).toHaveLength(3);
  });

  it('finds nothing to restore on a first run', async () => {
    const { sandbox } = await startHarness({ fixture: portfolio });
    expect(await restoreSavedState(sandbox.store, await stateFile(), source)).toEqual({ kind: 'none' });
  });
});
