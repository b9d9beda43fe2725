import { describe, expect, it } from 'vitest';
import { describeAlert } from '../../src/services/manager/alert-list';

describe("the manager's alert list in words", () => {
  it('reads long counts of days with thousands separators', () => {
    expect(
      describeAlert({
        kind: 'low_seat_utilization',
        key: 'low_seat_utilization',
        seatUtilizationPercent: 8.6,
        daysSinceHandoff: 1039,
      }),
    ).toBe('Seat utilization 9%, 1,039 days after hand-off');
    expect(
      describeAlert({
        kind: 'milestone_overdue',
        key: 'milestone_overdue:kickoff',
        milestone: 'kickoff',
        label: 'Kickoff held',
        dueDate: '2023-08-24',
        daysOverdue: 1200,
      }),
    ).toBe('Kickoff held overdue by 1,200 days');
  });
});
