import { Flex, Heading, Statistics, StatisticsItem, StatusTag, Text, Tile } from '@hubspot/ui-extensions';
import type { RenewalPayload } from '../shared/card-payload';
import { formatDate, formatMoney, formatNumber } from './format';

// Thresholds for the tag only; the percentage itself is what the CSM reads.
// The model's own figures (AUC and its interval) stay in the API's `reason`; a CSM reads what they mean.
const noChurnForecast =
  "No churn forecast yet: this portal's past renewals are not yet enough to forecast churn better than the health score. The health band shows the risk.";

function riskTag(churnPercent: number): { variant: 'danger' | 'warning' | 'success'; label: string } {
  if (churnPercent >= 30) return { variant: 'danger', label: 'High risk' };
  if (churnPercent >= 15) return { variant: 'warning', label: 'Some risk' };
  return { variant: 'success', label: 'Low risk' };
}

export function RenewalSection({ renewal }: { readonly renewal: RenewalPayload }) {
  const { risk, renewalDeal } = renewal;
  return (
    <Tile testId="renewal-section">
      <Flex direction="column" gap="sm">
        <Heading>Renewal</Heading>
        <Statistics>
          <StatisticsItem label="Renews on" number={formatDate(renewal.renewalDate)}>
            <Text variant="microcopy">
              {renewal.daysToRenewal === 0 ? 'today' : `in ${renewal.daysToRenewal} days`}
            </Text>
          </StatisticsItem>
          <StatisticsItem label="MRR up for renewal" number={formatMoney(renewal.amountUp)} />
          <StatisticsItem
            label="Chance of churn"
            number={risk?.churnPercent == null ? '—' : formatNumber(risk.churnPercent, '%')}
          >
            {risk?.churnPercent == null ? null : (
              <StatusTag variant={riskTag(risk.churnPercent).variant}>{riskTag(risk.churnPercent).label}</StatusTag>
            )}
          </StatisticsItem>
        </Statistics>
        {risk === null ? (
          <Text variant="microcopy">The churn risk is scored daily; it has not been scored for this customer yet.</Text>
        ) : risk.churnPercent === null ? (
          <Text variant="microcopy">{noChurnForecast}</Text>
        ) : (
          <Flex direction="column" gap="xs">
            <Text format={{ fontWeight: 'demibold' }}>What drives it</Text>
            {risk.drivers.map((driver) => (
              <Text key={driver.explanation}>{`• ${driver.explanation} (${driver.effect})`}</Text>
            ))}
            <Text variant="microcopy">{`Scored ${formatDate(risk.asOf)} by a model trained on this portal's past renewals.`}</Text>
          </Flex>
        )}
        <Text>
          {renewalDeal === null
            ? 'No open renewal deal in HubSpot.'
            : `Renewal deal: ${renewalDeal.name}${renewalDeal.stage ? ` (${renewalDeal.stage})` : ''}${renewalDeal.closeDate ? `, closing ${formatDate(renewalDeal.closeDate)}` : ''}.`}
        </Text>
      </Flex>
    </Tile>
  );
}
