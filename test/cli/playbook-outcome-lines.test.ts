import { describe, expect, it } from 'vitest';
import { comparisonLine } from '../../src/cli/playbook-run-lines';
import { comparisonSchema } from '../../src/domain/playbooks/outcome-statistics';
import { expectNoCodeNames } from '../e2e/code-names';

describe('npm run playbooks -- outcomes, a measure per line', () => {
  it('writes health changes in points and shares as percentages, with the difference and its interval', () => {
    const points = comparisonLine(
      comparisonSchema.parse({
        metric: 'healthChange30',
        label: 'Health change after 30 days (points)',
        treated: { runs: 210, mean: 8.4 },
        holdout: { runs: 22, mean: 2.1 },
        difference: 6.3,
        interval95: [2.05, 10.6],
        conclusion: 'Treated companies did better.',
      }),
    );
    expect(points).toBe(
      'Health change after 30 days (points): treated 8.4 (210 runs), held out 2.1 (22 runs), difference +6.3 (95% interval +2.1 to +10.6). Treated companies did better.',
    );
    const share = comparisonLine(
      comparisonSchema.parse({
        metric: 'recovered30',
        label: 'Share no longer at risk 30 days later',
        treated: { runs: 40, mean: 0.475 },
        holdout: { runs: 1, mean: 0.4 },
        difference: 0.075,
        interval95: [-0.05, 0.25],
        conclusion: 'No difference shown.',
      }),
    );
    expect(share).toBe(
      'Share no longer at risk 30 days later: treated 47.5% (40 runs), held out 40% (1 run), difference +7.5 points (95% interval -5 to +25). No difference shown.',
    );
    const none = comparisonLine(
      comparisonSchema.parse({
        metric: 'churned90',
        label: 'Share churned within 90 days of the run opening',
        treated: { runs: 0, mean: null },
        holdout: { runs: 0, mean: null },
        difference: null,
        interval95: null,
        conclusion: 'Too few runs to conclude.',
      }),
    );
    expect(none).toBe(
      'Share churned within 90 days of the run opening: treated none (0 runs), held out none (0 runs). Too few runs to conclude.',
    );
    for (const line of [points, share, none]) expectNoCodeNames(line);
  });
});
