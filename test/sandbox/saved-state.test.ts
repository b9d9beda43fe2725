import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readSavedState, restoreSavedState, saveStateOnChange, type SavedState } from '../../src/sandbox/saved-state';
import type { SandboxStore } from '../../src/sandbox/store';
import type { StoreChange } from '../../src/sandbox/store-events';
import { companies, fixture, startHarness } from './sandbox-harness';

const portfolio = fixture({ companies: companies(3) });
const origin = { source: 'fixtures/portfolio.json', demoAsOf: null };
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
    origin,
    (error) => {
      throw error;
    },
    delayMs,
  );
}

const emptyState: SavedState = { version: 1, ...origin, portalId: 4242, nextId: 1, objects: [], associations: [] };

async function savedIn(file: string): Promise<SavedState> {
  const read = await readSavedState(file);
  if (read.kind !== 'saved') throw new Error(`no saved state in ${file}: ${JSON.stringify(read)}`);
  return read.state;
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
    expect(restoreSavedState(second.sandbox.store, await savedIn(file), origin)).toEqual({
      kind: 'restored',
      records: 4,
    });
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

  it('saves at once (what the demo was generated up to), then a moment after each burst of changes', async () => {
    const file = await stateFile();
    const { sandbox } = await startHarness({ fixture: portfolio });
    const saver = savingTo(sandbox.store, file, 50);
    const names = async () => (await savedIn(file)).objects.map((object) => object.properties.name).sort();
    await vi.waitFor(async () => expect(await names()).toEqual(['Company 1', 'Company 2', 'Company 3']));
    for (const index of [1, 2, 3]) sandbox.store.objects.update('companies', String(index), { name: `Batch ${index}` });
    await vi.waitFor(async () => expect(await names()).toEqual(['Batch 1', 'Batch 2', 'Batch 3']));
    sandbox.store.objects.update('companies', '1', { name: 'At close' });
    await saver.close();
    expect(await names()).toEqual(['At close', 'Batch 2', 'Batch 3']);
  });

  it.each([
    { content: '{ not json', why: 'not JSON' },
    {
      content: JSON.stringify({ ...emptyState, nextId: 0 }),
      why: 'nextId',
    },
    { content: JSON.stringify({ ...emptyState, demoAsOf: 'yesterday' }), why: 'demoAsOf' },
  ])('reads no state from a file it cannot use ($why)', async ({ content, why }) => {
    const file = await stateFile();
    await writeFile(file, content);
    const read = await readSavedState(file);
    expect(read.kind).toBe('unreadable');
    expect(read.kind === 'unreadable' ? read.why : '').toContain(why);
  });

  it.each([
    { saved: { source: 'fixtures/other.json' }, why: 'saved from fixtures/other.json' },
    { saved: { portalId: 7 }, why: 'portal 7' },
    { saved: { demoAsOf: '2026-11-01' }, why: 'saved from' },
  ])('puts back no state saved from elsewhere ($why)', async ({ saved, why }) => {
    const { sandbox } = await startHarness({ fixture: portfolio });
    const restored = restoreSavedState(sandbox.store, { ...emptyState, ...saved }, origin);
    expect(restored).toEqual({ kind: 'unreadable', why: expect.stringContaining(why) });
    expect(sandbox.store.objects.list('companies')).toHaveLength(3);
  });

  it('finds nothing on a first run', async () => {
    expect(await readSavedState(await stateFile())).toEqual({ kind: 'none' });
  });
});
