import type { Approval, ApprovedEntitlement } from '../../lib/core/approval';
import type { AccessKey, IamGroup, IamRole, IamUser, Inventory, Secret } from '../../lib/core/inventory';

/** Test data in the shapes the loaders produce; account 123456789012, "now" 2026-11-20. */
export const ACCOUNT = '123456789012';
export const NOW = '2026-11-20T00:00:00.000Z';

/** ISO instant `days` (fractions allowed) before NOW. */
export function daysAgo(days: number): string {
  return new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
}

export const userArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:user${path}${name}`;
export const roleArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
export const groupArn = (name: string) => `arn:aws:iam::${ACCOUNT}:group/${name}`;
export const secretArn = (name: string) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-AbCdEf`;
export const awsPolicy = (name: string) => `arn:aws:iam::aws:policy/${name}`;

export function user(name: string, over: Partial<IamUser> = {}): IamUser {
  return {
    arn: userArn(name, over.path ?? '/'),
    name,
    path: '/',
    userId: `AIDA${name.toUpperCase().replace(/[^A-Z]/g, '').padEnd(17, 'X')}`,
    createdAt: daysAgo(400),
    groups: [],
    attachedPolicies: [],
    inlinePolicies: [],
    tags: {},
    accessKeys: [],
    ...over,
  };
}

export function key(slot: 1 | 2, createdDaysAgo: number, lastUsedDaysAgo?: number, active = true): AccessKey {
  return {
    slot,
    active,
    createdAt: daysAgo(createdDaysAgo),
    ...(lastUsedDaysAgo === undefined ? {} : { lastUsedAt: daysAgo(lastUsedDaysAgo), lastUsedService: 's3', lastUsedRegion: 'eu-west-1' }),
  };
}

export function trust(...principals: string[]) {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }],
  };
}

export function serviceTrust(service: string) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] };
}

export function role(name: string, over: Partial<IamRole> = {}): IamRole {
  return {
    arn: roleArn(name, over.path ?? '/'),
    name,
    path: '/',
    roleId: `AROA${name.toUpperCase().replace(/[^A-Z]/g, '').padEnd(17, 'X')}`,
    createdAt: daysAgo(400),
    trustPolicy: serviceTrust('lambda.amazonaws.com'),
    attachedPolicies: [],
    inlinePolicies: [],
    tags: {},
    lastUsedAt: daysAgo(1),
    ...over,
  };
}

export function group(name: string, over: Partial<IamGroup> = {}): IamGroup {
  return { arn: groupArn(name), name, path: '/', attachedPolicies: [], inlinePolicies: [], ...over };
}

export function secret(name: string, over: Partial<Secret> = {}): Secret {
  return {
    arn: secretArn(name),
    name,
    createdAt: daysAgo(300),
    rotationEnabled: true,
    rotationDays: 30,
    lastRotatedAt: daysAgo(10),
    lastAccessedAt: daysAgo(1).slice(0, 10) + 'T00:00:00.000Z',
    tags: {},
    ...over,
  };
}

export function inventory(over: Partial<Inventory> = {}): Inventory {
  return {
    accountId: ACCOUNT,
    readAt: NOW,
    coverage: { iam: true, credentialReport: true, secrets: true },
    users: [],
    roles: [],
    groups: [],
    policies: [],
    secrets: [],
    ...over,
  };
}

export function approval(principal: string, entitlement: ApprovedEntitlement, over: Partial<Approval> = {}): Approval {
  return {
    ticketId: 'CHG-1',
    principal,
    entitlement,
    approvedBy: 'alice@example.com',
    approvedAt: daysAgo(30),
    risk: 'standard',
    status: 'approved',
    ...over,
  };
}

export const policyAttachment = (name: string) => ({ policyArn: awsPolicy(name), policyName: name });
