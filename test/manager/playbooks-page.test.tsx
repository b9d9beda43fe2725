import { LoadingSpinner, Tile } from '@hubspot/ui-extensions';
import { PageTitle } from '@hubspot/ui-extensions/pages';
import { describe, expect, it } from 'vitest';
import { renderManagerPage } from './render-manager-page';
import { expectNoCodeNames } from '../e2e/code-names';
import { renderedText } from '../support/rendered-text';
import { playbooksPayloadSchema, type PlaybooksPayload } from '../../extensions/app/pages/shared/playbooks-payload';

const payload: PlaybooksPayload = playbooksPayloadSchema.parse({
  asOf: '2026-12-04',
  playbooks: [
    {
      id: 'p1',
      name: 'Rescue an account now at risk',
      firesWhen: 'health becomes at risk',
      enabled: true,
      holdoutPercent: 10,
      started: 240,
      completed: 150,
      heldOut: 24,
      outcomes: [
        {
          label: 'Health change after 30 days (points)',
          unit: 'points',
          treated: { runs: 210, mean: 8.4 },
          holdout: { runs: 22, mean: 2.1 },
          difference: 6.3,
          interval95: [2.05, 10.6],
          conclusion: 'Treated companies did better: the interval excludes no difference.',
        },
        {
          label: 'Renewal rate at the next renewal after the run opened',
          unit: 'share',
          treated: { runs: 12, mean: 0.9 },
          holdout: { runs: 1, mean: null },
          difference: null,
          interval95: null,
          conclusion: 'Too few runs to conclude: 2 held-out runs measured, 20 needed.',
        },
        {
          label: 'Share no longer at risk 30 days later',
          unit: 'share',
          treated: { runs: 40, mean: 0.5 },
          holdout: { runs: 20, mean: 0.4 },
          difference: 0.1,
          interval95: [-0.05, 0.25],
          conclusion: 'No difference shown: the interval includes none.',
        },
      ],
    },
    {
      id: 'p2',
      name: 'Gone quiet',
      firesWhen: 'there is no product usage for 14 days',
      enabled: false,
      holdoutPercent: 10,
      started: 0,
      completed: 0,
      heldOut: 0,
      outcomes: [],
    },
  ],
});

describe('the playbooks page', () => {
  it('deep-links to /playbooks and shows each playbook with its outcomes against the holdout, in words', async () => {
    const { renderer, urls } = renderManagerPage('/playbooks', payload);
    expect(renderer.find(PageTitle).text).toBe('Playbooks');
    await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    expect(urls).toEqual(['https://cs.example.com/hubspot/home/manager-playbooks']);
    expect(renderer.findAll(Tile)).toHaveLength(2);
    const text = renderer.getRootNode().toString();
    expect(text).toContain('Outcomes as of Dec 4, 2026');
    expect(text).toContain('Fires when health becomes at risk.');
    expect(text).toContain('Fires when there is no product usage for 14 days.');
    expect(text).toContain('240 runs started, 150 with every task done, 24 held out for comparison');
    expect(text).toContain('8.4 (210 runs)');
    expect(text).toContain('+6.3 (95% interval 2.05 to 10.6)');
    expect(text).toContain('Treated companies did better');
    // A share reads as a percentage; one run is a run.
    expect(text).toContain('90% (12 runs)');
    expect(text).toContain('— (1 run)');
    // A difference of shares in percentage points.
    expect(text).toContain('+10 points (95% interval -5 to 25)');
    expect(text).toContain('No runs yet: it has not fired (it is off).');
    expect(text).toContain('Too few runs to conclude');
    expect(text).toContain('Off');
    // What a manager reads: no key, band name or ISO day (the rendered text, without the markup).
    expectNoCodeNames(renderedText(renderer.getRootNode()));
  });
});
