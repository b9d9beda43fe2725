import { parseArgs } from 'node:util';
import { ConfigError, parseEnv } from '../config/env';
import { cipherFromEnvironment } from '../config/secrets/token-cipher';
import { loadAppConfig } from '../hubspot/project/app-config';
import { createOAuthApi } from '../hubspot/oauth/oauth-api';
import { oauthSettingsFromEnv } from '../services/install/oauth-settings';
import { scopeEffectInWords } from '../services/install/optional-scopes';
import { listPortalAccess } from '../services/install/portal-listing';
import { rotateTokenKeys } from '../services/install/rotate-token-keys';
import { uninstallPortal } from '../services/install/uninstall-service';
import { runCli, UsageError } from './run-cli';
import { openConfiguredDatabase } from './runtime';

const usage = `Usage:
  npm run portals -- list                                     the portals, how the service reaches each, token expiry
  npm run portals -- uninstall --portal <id> [--delete-data]  revokes the refresh token, removes the app from the HubSpot
                                                              account and deletes the stored tokens; --delete-data also
                                                              deletes all the portal's rows
  npm run portals -- rotate-keys                              re-encrypts stored tokens with TOKEN_ENCRYPTION_KEY (the old
                                                              key must be in TOKEN_ENCRYPTION_KEYS_PREVIOUS)`;

function portalOption(value: string | undefined): number {
  const portalId = Number(value);
  if (value === undefined || !Number.isSafeInteger(portalId) || portalId <= 0)
    throw new UsageError('--portal <id> is required', usage);
  return portalId;
}

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { portal: { type: 'string' }, 'delete-data': { type: 'boolean', default: false } },
  });
  const [command] = positionals;
  if (command !== 'list' && command !== 'uninstall' && command !== 'rotate-keys') {
    throw new UsageError(command ? `Unknown command "${command}"` : 'A command is required', usage);
  }
  const env = parseEnv();
  const appConfig = loadAppConfig(undefined, env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {});
  const oauth = oauthSettingsFromEnv(env, appConfig);
  const portalId = command === 'uninstall' ? portalOption(values.portal) : undefined;
  const database = await openConfiguredDatabase(env);
  try {
    if (command === 'list') {
      for (const portal of await listPortalAccess(database.db, appConfig.auth.optionalScopes)) {
        const expiry = portal.dataDeletionDueAt
          ? `data deleted on ${portal.dataDeletionDueAt.toISOString()}`
          : portal.accessTokenExpiresAt
            ? `token until ${portal.accessTokenExpiresAt.toISOString()}`
            : '';
        process.stdout.write(
          `${portal.portalId}\t${portal.access}\t${portal.name ?? ''}\t${portal.timeZone ?? ''}\t${portal.scopes} scopes\t${expiry}\n`,
        );
        for (const scope of portal.withoutScopes) process.stdout.write(`  ${scopeEffectInWords(scope)}\n`);
      }
    } else if (command === 'uninstall' && portalId !== undefined) {
      const result = await uninstallPortal({
        db: database.db,
        portalId,
        deleteData: values['delete-data'],
        ...(oauth
          ? {
              oauth: {
                cipher: oauth.cipher,
                apiBaseUrl: oauth.apiBaseUrl,
                api: createOAuthApi({
                  clientId: oauth.clientId,
                  clientSecret: oauth.clientSecret,
                  baseUrl: oauth.apiBaseUrl,
                }),
              },
            }
          : {}),
      });
      if (result.app === 'kept_no_credentials')
        process.stderr.write(
          'warning: HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and TOKEN_ENCRYPTION_KEY are not set, so the app stays installed in the HubSpot account\n',
        );
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      if (!env.TOKEN_ENCRYPTION_KEY)
        throw new ConfigError(['TOKEN_ENCRYPTION_KEY: rotate-keys re-encrypts with it; it is not set']);
      const cipher = cipherFromEnvironment(env.TOKEN_ENCRYPTION_KEY, env.TOKEN_ENCRYPTION_KEYS_PREVIOUS);
      process.stdout.write(`${JSON.stringify(await rotateTokenKeys(database.db, cipher))}\n`);
    }
  } finally {
    await database.close();
  }
});
