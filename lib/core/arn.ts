import type { FindingResource, ResourceType } from './finding';

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** `user`, `role`, `group`, `policy`, `secret`, `root`, ... */
  resourceType: string;
  /** Last path segment: the user, role, group or secret name. */
  name: string;
}

/** Splits an ARN; returns undefined for anything that is not one. */
export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, accountId, ...rest] = parts as [string, string, string, string, string, ...string[]];
  const resource = rest.join(':');
  if (service === 'secretsmanager') {
    const name = resource.replace(/^secret:/, '');
    return { partition, service, region, accountId, resourceType: 'secret', name };
  }
  const slash = resource.indexOf('/');
  const resourceType = slash === -1 ? resource : resource.slice(0, slash);
  const name = slash === -1 ? resource : resource.slice(resource.lastIndexOf('/') + 1);
  return { partition, service, region, accountId, resourceType, name };
}

const IAM_RESOURCE_TYPES: Record<string, ResourceType> = {
  user: 'AwsIamUser',
  role: 'AwsIamRole',
  group: 'AwsIamGroup',
};

/** The ASFF resource type a principal ARN names; secrets and non-ARN names are secrets. */
export function resourceTypeOf(principal: string): ResourceType {
  const arn = parseArn(principal);
  if (!arn || arn.service === 'secretsmanager') return 'AwsSecretsManagerSecret';
  return IAM_RESOURCE_TYPES[arn.resourceType] ?? 'AwsIamUser';
}

/** Short display name: `user/svc-billing`, `role/deploy`, `secret/prod/db`. */
export function shortName(principal: string): string {
  const arn = parseArn(principal);
  if (!arn) return `secret/${principal}`;
  if (arn.resourceType === 'secret') return `secret/${arn.name.replace(/-[A-Za-z0-9]{6}$/, '')}`;
  return `${arn.resourceType}/${arn.name}`;
}

/** The resource a principal names: its type, ARN and short name (a secret's name keeps its path). */
export function resourceOfPrincipal(principal: string): FindingResource {
  const type = resourceTypeOf(principal);
  const name = type === 'AwsSecretsManagerSecret' ? principal.replace(/^arn:[^:]+:secretsmanager:[^:]*:\d*:secret:/, '') : principal.slice(principal.lastIndexOf('/') + 1);
  return { type, id: principal, name };
}
