import type { CognitoIdentityProviderClient, UserPoolClientType } from '@aws-sdk/client-cognito-identity-provider';
import { CLIENT_EXPIRY_METRICS } from './env';

/** The SDK commands the job sends, passed in so the handler can load the runtime's SDK lazily. */
export interface ExpirySdk {
  readonly ListUserPoolClientsCommand: typeof import('@aws-sdk/client-cognito-identity-provider').ListUserPoolClientsCommand;
  readonly DescribeUserPoolClientCommand: typeof import('@aws-sdk/client-cognito-identity-provider').DescribeUserPoolClientCommand;
  readonly DeleteUserPoolClientCommand: typeof import('@aws-sdk/client-cognito-identity-provider').DeleteUserPoolClientCommand;
}

export interface ExpirySettings {
  readonly userPoolId: string;
  /** Days a registered client lives, a whole number >= 1. */
  readonly clientTtlDays: number;
  /** App clients never deleted, whatever they look like (pre-registered, CIMD, configured). */
  readonly protectedClientIds: ReadonlySet<string>;
  /** The run's clock. @default new Date() */
  readonly now?: Date;
}

export interface ExpiryReport {
  /** App clients in the pool when the run started. */
  readonly appClientsBefore: number;
  /** App clients left after the deletions (the published `AppClients`). */
  readonly appClients: number;
  /** Clients recognised as created by POST /register. */
  readonly registered: number;
  /** Ids deleted because their registration was older than the TTL. */
  readonly deleted: readonly string[];
  /** Ids skipped because they are protected. */
  readonly protectedSkipped: number;
}

/**
 * What only the registration template (`dcr-request.vtl`) creates: an OAuth code-flow client
 * whose explicit auth flows are exactly what the template sends for its rotation setting — none
 * with refresh token rotation on (Cognito refuses `ALLOW_REFRESH_TOKEN_AUTH` on rotating clients),
 * only `ALLOW_REFRESH_TOKEN_AUTH` with it off. Pre-registered and CIMD clients share these settings
 * and are kept by id; a client made by hand with other settings is never touched. The moto test
 * creates its registered clients from the rendered template under both rotation settings, so a
 * change of the template's fixed settings fails there until this follows.
 */
export function isRegisteredClient(client: UserPoolClientType): boolean {
  const same = (a: readonly string[] | undefined, b: readonly string[]) =>
    (a ?? []).length === b.length && (a ?? []).every((x, i) => x === b[i]);
  const rotating = client.RefreshTokenRotation?.Feature === 'ENABLED';
  return (
    client.AllowedOAuthFlowsUserPoolClient === true &&
    same(client.AllowedOAuthFlows, ['code']) &&
    (rotating ? same(client.ExplicitAuthFlows, []) : same(client.ExplicitAuthFlows, ['ALLOW_REFRESH_TOKEN_AUTH']))
  );
}

const DAY_MS = 86_400_000;

/**
 * One run of the expiry job: lists every app client of the pool and deletes the ones
 * {@link isRegisteredClient} recognises whose `CreationDate` is more than `clientTtlDays` ago
 * (protected ids never). A client that disappears meanwhile (deleted by hand) is not an error.
 * @throws on a Cognito error other than ResourceNotFoundException for one client, or a bad TTL.
 */
export async function expireRegisteredClients(
  cognito: CognitoIdentityProviderClient,
  sdk: ExpirySdk,
  settings: ExpirySettings,
): Promise<ExpiryReport> {
  if (!Number.isInteger(settings.clientTtlDays) || settings.clientTtlDays < 1) {
    throw new Error(`clientTtlDays must be a whole number >= 1 (got ${settings.clientTtlDays})`);
  }
  const now = settings.now ?? new Date();
  const cutoff = now.getTime() - settings.clientTtlDays * DAY_MS;

  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cognito.send(
      new sdk.ListUserPoolClientsCommand({ UserPoolId: settings.userPoolId, MaxResults: 60, NextToken: nextToken }),
    );
    for (const c of page.UserPoolClients ?? []) if (c.ClientId) ids.push(c.ClientId);
    nextToken = page.NextToken;
  } while (nextToken);

  const deleted: string[] = [];
  let registered = 0;
  let protectedSkipped = 0;
  let gone = 0;
  for (const clientId of ids) {
    if (settings.protectedClientIds.has(clientId)) {
      protectedSkipped++;
      continue;
    }
    let client: UserPoolClientType | undefined;
    try {
      client = (
        await cognito.send(new sdk.DescribeUserPoolClientCommand({ UserPoolId: settings.userPoolId, ClientId: clientId }))
      ).UserPoolClient;
    } catch (error) {
      if (isNotFound(error)) {
        gone++;
        continue;
      }
      throw error;
    }
    if (!client || !isRegisteredClient(client)) continue;
    registered++;
    const created = client.CreationDate?.getTime();
    if (created === undefined || created > cutoff) continue;
    try {
      await cognito.send(new sdk.DeleteUserPoolClientCommand({ UserPoolId: settings.userPoolId, ClientId: clientId }));
      deleted.push(clientId);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      gone++;
    }
  }

  const appClients = ids.length - deleted.length - gone;
  return { appClientsBefore: ids.length, appClients, registered, deleted, protectedSkipped };
}

/**
 * The run's counts as one CloudWatch embedded metric format (EMF) record: Lambda sends stdout to
 * CloudWatch Logs, which turns the record into the metrics `AppClients` and
 * `ExpiredClientsDeleted` (unit Count, dimension `UserPoolId`) in `namespace` — no
 * `cloudwatch:PutMetricData` permission (which cannot be limited to a resource) is needed.
 * Spec: Amazon CloudWatch User Guide, "Specification: Embedded metric format".
 */
export function metricRecord(namespace: string, userPoolId: string, report: ExpiryReport, now: Date): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [['UserPoolId']],
          Metrics: [
            { Name: CLIENT_EXPIRY_METRICS.appClients, Unit: 'Count' },
            { Name: CLIENT_EXPIRY_METRICS.expiredClientsDeleted, Unit: 'Count' },
          ],
        },
      ],
    },
    UserPoolId: userPoolId,
    [CLIENT_EXPIRY_METRICS.appClients]: report.appClients,
    [CLIENT_EXPIRY_METRICS.expiredClientsDeleted]: report.deleted.length,
    appClientsBefore: report.appClientsBefore,
    registered: report.registered,
    protectedSkipped: report.protectedSkipped,
    deleted: report.deleted,
  };
}

function isNotFound(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ResourceNotFoundException';
}
