import {
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  type GetAccessKeyLastUsedCommandOutput,
  type ListAccessKeysCommandOutput,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';

/** One IAM user's keys as the key-expiry reads see them. */
export interface MockKey {
  id: string;
  created: string;
  status?: 'Active' | 'Inactive';
  /** ISO instant, or undefined for "never used". */
  lastUsed?: string;
}

export const iamMock = mockClient(IAMClient);
export const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

/**
 * ListAccessKeys response (IAM API reference: AccessKeyMetadata[{UserName, AccessKeyId, Status,
 * CreateDate}], IsTruncated) as SDK v3 returns it: timestamps as Date.
 */
export function listAccessKeys(userName: string, keys: MockKey[]): Partial<ListAccessKeysCommandOutput> {
  return {
    AccessKeyMetadata: keys.map((k) => ({ UserName: userName, AccessKeyId: k.id, Status: k.status ?? 'Active', CreateDate: new Date(k.created) })),
    IsTruncated: false,
  };
}

/**
 * GetAccessKeyLastUsed response: AccessKeyLastUsed{LastUsedDate?, ServiceName, Region}; a never-used
 * key has no LastUsedDate and "N/A" for service and region.
 */
export function accessKeyLastUsed(userName: string, k: MockKey): Partial<GetAccessKeyLastUsedCommandOutput> {
  return {
    UserName: userName,
    AccessKeyLastUsed: k.lastUsed
      ? { LastUsedDate: new Date(k.lastUsed), ServiceName: 's3', Region: 'eu-west-1' }
      : { ServiceName: 'N/A', Region: 'N/A' },
  };
}

/** Answers the two reads for one user and its keys. */
export function mockUserKeys(userName: string, keys: MockKey[]): void {
  iamMock.on(ListAccessKeysCommand, { UserName: userName }).resolves(listAccessKeys(userName, keys));
  for (const k of keys) iamMock.on(GetAccessKeyLastUsedCommand, { AccessKeyId: k.id }).resolves(accessKeyLastUsed(userName, k));
}
