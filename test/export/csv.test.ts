import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { safeCsvText, toCsv } from '../../src/services/export/csv';
import type { CohortGroupReport } from '../../src/services/kpi/cohort-report';
import { periodReportSchema, type GroupReport, type PeriodReportWithReasons } from '../../src/services/kpi/kpi-report';
import { cohortReportCsv, kpiReportCsv } from '../../src/services/kpi/report-csv';

describe('CSV export (RFC 4180, formula-injection safe)', () => {
  it('quotes fields with a comma, a quote or a line break, doubles quotes and ends every record with CRLF', () => {
    const csv = toCsv(
      ['name', 'note', 'mrr'],
      [
        ['Acme, Inc.', 'says "hi"', 1028.81],
        ['Line\nbreak', null, 0],
        ['plain', 'ok', -12.5],
        ['cr\ronly', 'x', 1],
      ],
    );
    expect(csv).toBe(
      'name,note,mrr\r\n"Acme, Inc.","says ""hi""",1028.81\r\n"Line\nbreak",,0\r\nplain,ok,-12.5\r\n"cr\ronly",x,1\r\n',
    );
    expect(parse(csv, { columns: true })).toEqual([
      { name: 'Acme, Inc.', note: 'says "hi"', mrr: '1028.81' },
      { name: 'Line\nbreak', note: '', mrr: '0' },
      { name: 'plain', note: 'ok', mrr: '-12.5' },
      { name: 'cr\ronly', note: 'x', mrr: '1' },
    ]);
  });

  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'])(
    'prefixes a text cell starting with a formula character: %j',
    (value) => {
      expect(safeCsvText(value)).toBe(`'${value}`);
      const [record] = parse<{ owner: string }>(toCsv(['owner'], [[value]]), { columns: true });
      expect(record?.owner).toBe(`'${value}`);
    },
  );

  it('leaves other text and numbers as they are (a negative number stays a number)', () => {
    expect(['Acme', 'a=b', " 'quoted", ''].map(safeCsvText)).toEqual(['Acme', 'a=b', " 'quoted", '']);
    expect(
      toCsv(
        ['n', 'flag'],
        [
          [-3, true],
          [4.5, false],
        ],
      ),
    ).toBe('n,flag\r\n-3,true\r\n4.5,false\r\n');
  });

  it('writes the KPI report with the fields of --json, and the group (made safe) first with a cut', () => {
    // Every figure 0, and every flag (a running period, a provisional cohort) false.
    const zeros = Object.fromEntries(
      Object.entries(periodReportSchema.shape).map(([field, schema]) => [
        field,
        schema.safeParse(0).success ? 0 : false,
      ]),
    );
    const period: PeriodReportWithReasons = {
      ...periodReportSchema.parse({ ...zeros, period: '2026-01', customersStart: 5, startMrr: 5428.81, nrr: null }),
      noValue: { nrr: 'why' },
    };
    const groups: GroupReport[] = [{ group: '=cmd|calc', periods: [period] }];
    const [header, row] = parse(kpiReportCsv(groups, 'owner'));
    expect(header?.slice(0, 4)).toEqual(['owner', 'period', 'customersStart', 'customersEnd']);
    expect(header).not.toContain('noValue');
    expect(row?.[0]).toBe("'=cmd|calc");
    expect(row?.[header?.indexOf('startMrr') ?? -1]).toBe('5428.81');
    expect(row?.[header?.indexOf('nrr') ?? -1]).toBe('');
  });

  it('writes the cohort triangle in long form, a record per cohort and month', () => {
    const month = (offset: number, partial: boolean) => ({
      offset,
      month: `2026-0${offset + 1}`,
      partial,
      customers: 2,
      logoRetention: 50,
      mrr: 35,
      revenueRetention: null,
      noValue: {},
    });
    const groups: CohortGroupReport[] = [
      {
        group: null,
        cohorts: [{ cohort: '2026-01', size: 4, startMrr: 34, months: [month(0, false), month(1, true)] }],
      },
    ];
    expect(cohortReportCsv(groups, undefined)).toBe(
      'cohort,size,startMrr,offset,month,partial,customers,logoRetention,mrr,revenueRetention\r\n' +
        '2026-01,4,34,0,2026-01,false,2,50,35,\r\n2026-01,4,34,1,2026-02,true,2,50,35,\r\n',
    );
  });
});
