import {
  Flex,
  Heading,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import type { ManagerPortfolioPayload } from '../shared/manager-payload';
import { formatDate } from './format';

export function MaturitySection({ maturity }: { readonly maturity: ManagerPortfolioPayload['maturity'] }) {
  const current = maturity.stages.find((stage) => stage.stage === maturity.stage);
  const stageNumber = maturity.stages.findIndex((stage) => stage.stage === maturity.stage) + 1;
  return (
    <Tile testId="maturity-section">
      <Flex direction="column" gap="md">
        <Flex direction="row" justify="between" align="center" wrap="wrap" gap="sm">
          <Heading>Customer success maturity</Heading>
          <Text
            format={{ fontWeight: 'bold' }}
            testId="maturity-stage"
          >{`Stage ${stageNumber} of 4: ${current?.label ?? maturity.stage}`}</Text>
        </Flex>
        <Flex direction="row" gap="sm" wrap="wrap">
          {maturity.stages.map((stage, index) => (
            <StatusTag
              key={stage.stage}
              variant={stage.stage === maturity.stage ? 'success' : stage.reached ? 'info' : 'default'}
              hollow={!stage.reached}
            >
              {`${index + 1}. ${stage.label}: ${stage.description}`}
            </StatusTag>
          ))}
        </Flex>
        <Table bordered density="condensed" testId="maturity-criteria">
          <TableHead>
            <TableRow>
              <TableHeader>Measure</TableHeader>
              <TableHeader>Supports stage</TableHeader>
              <TableHeader>Seen in use</TableHeader>
              <TableHeader>Next</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {maturity.criteria.map((criterion) => (
              <TableRow key={criterion.key}>
                <TableCell>
                  <Flex direction="column" gap="xs" align="start">
                    <Text format={{ fontWeight: 'demibold' }}>{criterion.label}</Text>
                    <Tag variant={criterion.met ? 'success' : 'warning'}>{criterion.met ? 'Met' : 'Not yet'}</Tag>
                  </Flex>
                </TableCell>
                <TableCell>
                  {maturity.stages.find((stage) => stage.stage === criterion.stage)?.label ?? criterion.stage}
                </TableCell>
                <TableCell>{criterion.evidence}</TableCell>
                <TableCell>{criterion.next || '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {maturity.nextSteps.length > 0 ? (
          <Flex direction="column" gap="xs" testId="maturity-next-steps">
            <Text format={{ fontWeight: 'bold' }}>To reach the next stage</Text>
            {maturity.nextSteps.map((step) => (
              <Text key={step}>{`• ${step}`}</Text>
            ))}
          </Flex>
        ) : null}
        <Text variant="microcopy">{`Assessed from ${formatDate(maturity.windowStart)}. ${maturity.context}`}</Text>
      </Flex>
    </Tile>
  );
}
