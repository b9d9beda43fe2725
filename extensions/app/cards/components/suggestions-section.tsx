import { useState } from 'react';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListItem,
  Flex,
  Heading,
  Input,
  Tag,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import type { SuggestionPayload, SuggestionsPayload } from '../shared/card-payload';
import { formatMoney } from './format';

export interface SuggestionsSectionProps {
  readonly suggestions: SuggestionsPayload;
  readonly busy: boolean;
  readonly onCreateDeal: (suggestionId: string) => void;
  readonly onDismiss: (suggestionId: string, reason: string) => void;
}

const kindLabels = { seat_expansion: 'Upsell: seats', plan_upgrade: 'Upsell: plan', cross_sell: 'Cross-sell' } as const;

function SuggestionItem({
  suggestion,
  busy,
  onCreateDeal,
  onDismiss,
}: Omit<SuggestionsSectionProps, 'suggestions'> & { readonly suggestion: SuggestionPayload }) {
  const [reason, setReason] = useState('');
  return (
    <Tile compact testId={`suggestion-${suggestion.id}`}>
      <Flex direction="column" gap="xs">
        <Flex direction="row" justify="between" align="center">
          <Text format={{ fontWeight: 'demibold' }}>{suggestion.title}</Text>
          <Tag variant={suggestion.kind === 'cross_sell' ? 'info' : 'success'}>{kindLabels[suggestion.kind]}</Tag>
        </Flex>
        <Text>{`Estimated ${formatMoney(suggestion.estimatedMrr)} MRR`}</Text>
        <DescriptionList direction="row">
          {suggestion.evidence.map((item) => (
            <DescriptionListItem key={item.label} label={item.label}>
              <Text>{item.value}</Text>
            </DescriptionListItem>
          ))}
        </DescriptionList>
        {suggestion.createdDealId !== null ? (
          <Text variant="microcopy">{`Deal ${suggestion.createdDealId} created from this suggestion.`}</Text>
        ) : (
          <Flex direction="row" gap="sm" align="end">
            <Button
              variant="primary"
              size="sm"
              disabled={busy}
              testId={`create-deal-${suggestion.id}`}
              onClick={() => onCreateDeal(suggestion.id)}
            >
              Create deal
            </Button>
            <Input
              label="Reason to dismiss"
              name={`dismiss-reason-${suggestion.id}`}
              testId={`dismiss-reason-${suggestion.id}`}
              value={reason}
              onChange={setReason}
            />
            <Button
              variant="secondary"
              size="sm"
              disabled={busy || reason.trim() === ''}
              testId={`dismiss-${suggestion.id}`}
              onClick={() => onDismiss(suggestion.id, reason.trim())}
            >
              Dismiss
            </Button>
          </Flex>
        )}
      </Flex>
    </Tile>
  );
}

export function SuggestionsSection({ suggestions, busy, onCreateDeal, onDismiss }: SuggestionsSectionProps) {
  return (
    <Tile testId="suggestions-section">
      <Flex direction="column" gap="sm">
        <Heading>Suggestions</Heading>
        {suggestions.suppressedReason !== null ? (
          <Alert title="Suggestions on hold" variant="info">
            {suggestions.suppressedReason}
          </Alert>
        ) : null}
        {suggestions.suppressedReason === null && suggestions.items.length === 0 ? (
          <Text>No upsell or cross-sell fits this customer right now.</Text>
        ) : null}
        {suggestions.items.map((suggestion) => (
          <SuggestionItem
            key={suggestion.id}
            suggestion={suggestion}
            busy={busy}
            onCreateDeal={onCreateDeal}
            onDismiss={onDismiss}
          />
        ))}
      </Flex>
    </Tile>
  );
}
