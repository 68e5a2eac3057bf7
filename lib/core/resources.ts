import type { FindingResource } from './finding';
import type { AccessKey, IamRole, IamUser, Secret } from './inventory';

export function userResource(u: IamUser): FindingResource {
  return { type: 'AwsIamUser', id: u.arn, name: u.name, tags: u.tags };
}

export function roleResource(r: IamRole): FindingResource {
  return { type: 'AwsIamRole', id: r.arn, name: r.name, tags: r.tags };
}

export function secretResource(s: Secret): FindingResource {
  return { type: 'AwsSecretsManagerSecret', id: s.arn, name: s.name, tags: s.tags };
}

/** What joins an access key's resource id to its owner's ARN: `<owner ARN>/access-key/<key id or slot>`. */
export const KEY_RESOURCE_SEGMENT = '/access-key/';

/** Access keys have no ARN: named under their user, by key id when read, by slot from the credential report. */
export function accessKeyResource(ownerArn: string, ownerName: string, key: AccessKey): FindingResource {
  return {
    type: 'AwsIamAccessKey',
    id: `${ownerArn}${KEY_RESOURCE_SEGMENT}${key.accessKeyId ?? key.slot}`,
    name: `${ownerName} key ${key.slot}${key.accessKeyId ? ` (${key.accessKeyId})` : ''}`,
    principalArn: ownerArn,
    accessKeySlot: key.slot,
    ...(key.accessKeyId ? { accessKeyId: key.accessKeyId } : {}),
    createdAt: key.createdAt,
  };
}

/** A key by owner and creation time, without the same-second slot suffix of {@link keyIdentity}. */
export function keyOwnerIdentity(ownerArn: string, createdAt: string): string {
  return `${ownerArn}/access-key@${createdAt}`;
}

/**
 * What a key's finding ids are computed from: owner and creation time, known to both the credential
 * report (slot only, no key id) and ListAccessKeys (key id), so both paths give one finding per key.
 * Two keys of one user created in the same second are told apart by slot.
 */
export function keyIdentity(owner: IamUser, key: AccessKey): string {
  const base = keyOwnerIdentity(owner.arn, key.createdAt);
  return owner.accessKeys.some((k) => k !== key && k.createdAt === key.createdAt) ? `${base}#${key.slot}` : base;
}
