import {
  Flex,
  Heading,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import { managerCutSchema, type ManagerCut, type ManagerPortfolioPayload } from '../shared/manager-payload';
import { formatMoney, formatMonth, formatPercent, noValueNotes } from './format';

const cutLabels: Record<ManagerCut, string> = {
  owner: 'CSM',
  tier: 'Tier',
  industry: 'Industry',
  lifecycle_stage: 'Lifecycle stage',
  onboarding_cohort: 'Onboarding cohort',
};
const cutHeadings: Record<ManagerCut, string> = {
  owner: 'KPIs by CSM',
  tier: 'KPIs by tier',
  industry: 'KPIs by industry',
  lifecycle_stage: 'KPIs by lifecycle stage',
  onboarding_cohort: 'KPIs by onboarding cohort',
};
const tableFigures = { customerChurnRate: 'churn rate', nrr: 'NRR', grr: 'GRR' };
const cutOptions = managerCutSchema.options.map((cut) => ({ label: cutLabels[cut], value: cut }));

export interface GroupKpisSectionProps {
  readonly groups: ManagerPortfolioPayload['groups'];
  readonly currency: string;
  readonly onCutChange: (cut: ManagerCut) => void;
}

export function GroupKpisSection({ groups, currency, onCutChange }: GroupKpisSectionProps) {
  // A dash in the table, and below it why: the manager reads the reason, not an empty cell.
  const notes = groups.rows.flatMap((row) => {
    const reasons = noValueNotes(row.noValue, tableFigures);
    return reasons.length === 0 ? [] : [`${row.label}, ${reasons.join('; ')}.`];
  });
  return (
    <Tile testId="group-kpis-section">
      <Flex direction="column" gap="md">
        <Flex direction="row" justify="between" align="end" wrap="wrap" gap="md">
          <Flex direction="column" gap="xs">
            <Heading>{cutHeadings[groups.cut]}</Heading>
            <Text variant="microcopy">{`Trailing twelve months to ${formatMonth(groups.period.replace(/^T12M-/, ''))}: customers, churn, NRR and GRR per group.${groups.rows.some((row) => row.partial) ? ' The last of those months is still running: its figures are to date.' : ''}`}</Text>
          </Flex>
          <Select
            label="Group by"
            name="cut"
            value={groups.cut}
            options={cutOptions}
            onChange={(value) => {
              const cut = managerCutSchema.safeParse(value);
              if (cut.success) onCutChange(cut.data);
            }}
            testId="cut-select"
          />
        </Flex>
        {groups.rows.length === 0 ? (
          <Text>No customers in this period.</Text>
        ) : (
          <Table bordered density="condensed" testId="group-kpis-table">
            <TableHead>
              <TableRow>
                <TableHeader>{cutLabels[groups.cut]}</TableHeader>
                <TableHeader align="right">Customers (start → end)</TableHeader>
                <TableHeader align="right">Churned</TableHeader>
                <TableHeader align="right">Churn rate</TableHeader>
                <TableHeader align="right">NRR</TableHeader>
                <TableHeader align="right">GRR</TableHeader>
                <TableHeader align="right">MRR at end</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {groups.rows.map((row) => (
                <TableRow key={row.key ?? 'none'}>
                  <TableCell>{row.label}</TableCell>
                  <TableCell align="right">{`${row.customersStart} → ${row.customersEnd}`}</TableCell>
                  <TableCell align="right">{row.churnedCustomers}</TableCell>
                  <TableCell align="right">{formatPercent(row.customerChurnRate)}</TableCell>
                  <TableCell align="right">{formatPercent(row.nrr)}</TableCell>
                  <TableCell align="right">{formatPercent(row.grr)}</TableCell>
                  <TableCell align="right">{formatMoney(row.endMrr, currency)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {notes.length > 0 ? (
          <Flex direction="column" gap="xs" testId="group-no-value">
            <Text variant="microcopy">A dash has no value, because:</Text>
            {notes.map((note) => (
              <Text key={note} variant="microcopy">
                {note}
              </Text>
            ))}
          </Flex>
        ) : null}
      </Flex>
    </Tile>
  );
}
