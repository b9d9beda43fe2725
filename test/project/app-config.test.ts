import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env';
import {
  defaultAppConfigPath,
  loadAppConfig,
  parseAppConfig,
  webhookTargetUrl,
} from '../../src/hubspot/project/app-config';
import { present } from '../support/present';

const checkedInRaw: Record<string, unknown> = JSON.parse(readFileSync(defaultAppConfigPath, 'utf8'));

type JsonPath = readonly (string | number)[];

/** A copy of the checked-in app.json with one value replaced. */
function rawWith(path: JsonPath, value: unknown): unknown {
  const raw: unknown = structuredClone(checkedInRaw);
  let parent: unknown = raw;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
  (parent as Record<string | number, unknown>)[present(path.at(-1), 'a path')] = value;
  return raw;
}

function issuesOf(raw: unknown, overrides = {}): string[] {
  try {
    parseAppConfig(raw, overrides);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues;
  }
}

describe('app.json', () => {
  it('the checked-in app.json is valid and declares the card and webhooks the service needs', () => {
    const config = loadAppConfig();
    expect(config.uid).toBe('cs_lifecycle_app');
    expect(config.project).toEqual({ name: 'hubspot-cs-lifecycle', platformVersion: '2026.03' });
    expect(config.cards.map((card) => [card.uid, card.location, card.objectTypes])).toEqual([
      ['company_health_card', 'crm.record.tab', ['companies']],
    ]);
    expect(webhookTargetUrl(config)).toBe('https://cs-lifecycle.example.com/hubspot/webhooks');
  });

  it('requests the scopes the service uses, including contacts write for tasks and notes', () => {
    const { requiredScopes } = loadAppConfig().auth;
    expect(requiredScopes).toEqual(
      expect.arrayContaining([
        'oauth',
        'crm.objects.companies.read',
        'crm.objects.companies.write',
        'crm.objects.deals.read',
        'crm.objects.deals.write',
        'crm.objects.owners.read',
        'crm.objects.contacts.read',
        // POST /crm/v3/objects/tasks and /notes require this scope (HubSpot public API spec).
        'crm.objects.contacts.write',
        'crm.schemas.companies.write',
        'crm.schemas.deals.write',
      ]),
    );
  });

  it('watches the deal properties the contract rules read', () => {
    const deal = loadAppConfig().webhooks.objects.find((object) => object.objectType === 'deal');
    expect(deal?.properties).toEqual(
      expect.arrayContaining(['dealstage', 'amount', 'closedate', 'hubspot_owner_id', 'cs_mrr', 'cs_deal_kind']),
    );
    expect(deal?.events).toEqual(expect.arrayContaining(['creation', 'deletion', 'merge', 'associationChange']));
  });

  it('an override replaces the public URL and drops its trailing slash', () => {
    const config = loadAppConfig(defaultAppConfigPath, { publicUrl: 'https://cs.acme.test/' });
    expect(config.service.publicUrl).toBe('https://cs.acme.test');
    expect(webhookTargetUrl(config)).toBe('https://cs.acme.test/hubspot/webhooks');
  });

  it.each([
    ['http on a public host', 'http://cs.acme.test', /https/],
    ['a query string', 'https://cs.acme.test/?a=1', /query/],
    ['not a URL', 'cs.acme.test', /URL/i],
  ])('rejects a public URL override with %s', (_case, publicUrl, message) => {
    expect(issuesOf(checkedInRaw, { publicUrl }).join('\n')).toMatch(message);
  });

  it('accepts http for a local service', () => {
    expect(issuesOf(checkedInRaw, { publicUrl: 'http://127.0.0.1:3000' })).toEqual([]);
  });

  const firstCard = present(loadAppConfig().cards[0], 'a card in app.json');

  it.each<[string, JsonPath, unknown, string]>([
    ['an app uid with a space', ['uid'], 'cs lifecycle', 'uid'],
    ['a uid longer than 64 characters', ['uid'], 'a'.repeat(65), 'uid'],
    ['a card uid shared with the app', ['cards', 0, 'uid'], 'cs_lifecycle_app', 'unique across the app'],
    [
      'two cards with one entrypoint',
      ['cards'],
      [firstCard, { ...firstCard, uid: 'second' }],
      'entrypoints must be unique',
    ],
    ['an unknown card location', ['cards', 0, 'location'], 'crm.record.middle', 'cards.0.location'],
    ['an entrypoint outside the cards folder', ['cards', 0, 'entrypoint'], '../../src/card.tsx', 'cards.0.entrypoint'],
    ['a webhook path without a leading slash', ['webhooks', 'targetPath'], 'hubspot/webhooks', 'webhooks.targetPath'],
    ['an unknown webhook event', ['webhooks', 'objects', 0, 'events'], ['update'], 'webhooks.objects.0.events'],
    ['no oauth scope', ['auth', 'requiredScopes'], ['crm.objects.companies.read'], 'oauth'],
    ['an oauth app without redirect URLs', ['auth', 'redirectUrls'], [], 'auth.redirectUrls'],
    ['an unknown key', ['scopes'], [], 'scopes'],
    ['another platform version', ['project', 'platformVersion'], '2025.2', 'project.platformVersion'],
  ])('rejects %s', (_case, path, value, expected) => {
    const issues = issuesOf(rawWith(path, value));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.join('\n')).toContain(expected);
  });

  it('reports an unreadable file as a configuration error', () => {
    expect(() => loadAppConfig('/nonexistent/app.json')).toThrow(ConfigError);
  });
});
