import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig, type AwsSettings } from '../aws/client-config';
import { describeError } from '../errors/describe-error';

/** Temporary credentials of an assumed role, in the shape SDK v3 clients take. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** What an SDK client's `credentials` option calls before signing a request. */
export type CredentialProvider = () => Promise<TemporaryCredentials>;

/** The read role Tally assumes in one member account (deployed there by the MemberReadRole StackSet). */
export interface MemberRole {
  accountId: string;
  /** Role name without path (the StackSet deploys it at `/`). */
  roleName: string;
  /** The `sts:ExternalId` the role's trust requires. */
  externalId: string;
  /** Shown in the member account's CloudTrail as the session; sanitised to STS's alphabet. */
  sessionName: string;
  /** @default 'aws' */
  partition?: string;
  /** @default 3600 (every role allows one hour) */
  durationSeconds?: number;
}

/** Credentials are renewed this long before they expire (as the SDK's own providers do). */
export const REFRESH_BEFORE_MS = 5 * 60_000;

export function memberRoleArn(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** `RoleSessionName`: 2–64 of `[\w+=,.@-]`. */
export function sessionName(text: string): string {
  const name = text.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return name.length >= 2 ? name : `${name}--`.slice(0, 2);
}

/**
 * The member role could not be assumed (denied, trust or external id wrong, role missing, STS
 * unreachable past retries): nothing in that account can be read. Names the account and the role.
 */
export class MemberAccessError extends Error {
  override readonly name = 'MemberAccessError';
  constructor(
    readonly accountId: string,
    readonly roleArn: string,
    options: { cause: unknown },
  ) {
    const why = describeError(options.cause);
    super(`account ${accountId}: cannot assume ${roleArn} (${why})`, options);
  }
}

/**
 * A credential provider that assumes `role` with `sts` (the function's own credentials) and keeps
 * the result until {@link REFRESH_BEFORE_MS} before it expires. Concurrent callers share one
 * AssumeRole call; a failed call is not cached, so the next caller tries again. Every failure is a
 * {@link MemberAccessError}. (`@aws-sdk/credential-providers`' `fromTemporaryCredentials` does
 * the same but is not a dependency of Tally.)
 */
export function assumeRoleCredentials(sts: STSClient, role: MemberRole, clock: () => Date = () => new Date()): CredentialProvider {
  const roleArn = memberRoleArn(role.accountId, role.roleName, role.partition);
  let current: Promise<TemporaryCredentials> | undefined;
  let renewAt = 0;

  const assume = async (): Promise<TemporaryCredentials> => {
    try {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName(role.sessionName),
          ExternalId: role.externalId,
          DurationSeconds: role.durationSeconds ?? 3600,
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error('AssumeRole returned no credentials');
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: new Date(c.Expiration) };
    } catch (cause) {
      throw new MemberAccessError(role.accountId, roleArn, { cause });
    }
  };

  return () => {
    if (!current || clock().getTime() >= renewAt) {
      const pending = assume();
      current = pending;
      renewAt = Number.POSITIVE_INFINITY; // shared while in flight
      pending.then(
        (c) => {
          if (current === pending) renewAt = c.expiration.getTime() - REFRESH_BEFORE_MS;
        },
        () => {
          if (current === pending) current = undefined;
        },
      );
    }
    return current;
  };
}

/** The clients of one member account's sweep: everything that reads or writes in that account. */
export interface MemberClients {
  iam: IAMClient;
  secrets: SecretsManagerClient;
  /** Imports the account's findings: Security Hub accepts a finding only from the account it names. */
  securityHub: SecurityHubClient;
  /** GetCallerIdentity answers the member account id the Security Hub sink checks findings against. */
  sts: STSClient;
}

/**
 * SDK clients that sign with the member role's credentials (same region, endpoint and retry
 * settings as every Tally client). `wrap` lets a handler add tracing.
 */
export function memberClients(settings: AwsSettings, credentials: CredentialProvider, wrap: <C>(client: C) => C = (c) => c): MemberClients {
  const config = { ...clientConfig(settings), credentials };
  return {
    iam: wrap(new IAMClient(config)),
    secrets: wrap(new SecretsManagerClient(config)),
    securityHub: wrap(new SecurityHubClient(config)),
    sts: wrap(new STSClient(config)),
  };
}
