import type { IAMClient } from '@aws-sdk/client-iam';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { InventoryReadError } from './inventory-errors';

/** The clients a targeted read uses; only `send` is called, so counted or mocked clients fit. */
export type Iam = Pick<IAMClient, 'send'>;
export type Sm = Pick<SecretsManagerClient, 'send' | 'config'>;

/**
 * Error names that mean "this entity does not exist". SDK v3 names the IAM error
 * `NoSuchEntityException` (wire code `NoSuchEntity`, which AWS-compatible endpoints may surface as is).
 */
const NOT_FOUND = new Set(['NoSuchEntityException', 'NoSuchEntity', 'ResourceNotFoundException']);

function isNotFound(err: unknown): boolean {
  return err instanceof Error && NOT_FOUND.has(err.name);
}

/** Runs one AWS call; any failure becomes an {@link InventoryReadError} naming the operation and target. */
export async function attempt<T>(operation: string, target: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new InventoryReadError(operation, target, { cause });
  }
}

/**
 * Like {@link attempt}, but "not found" yields undefined. Used for the first read of the entity
 * itself (a later not-found, deleted mid-read, stays an error, so a retry sees a clean state), and
 * for the one inline policy an event names, whose absence is the answer.
 */
export async function attemptOrMissing<T>(operation: string, target: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (cause) {
    if (isNotFound(cause)) return undefined;
    throw new InventoryReadError(operation, target, { cause });
  }
}

interface IamPage {
  IsTruncated?: boolean | undefined;
  Marker?: string | undefined;
}

/** Every page of an IAM List call: follows `Marker` while `IsTruncated` (IAM may return short pages). */
export async function iamPages<P extends IamPage>(
  operation: string,
  target: string,
  fetch: (marker: string | undefined) => Promise<P>,
): Promise<P[]> {
  const pages: P[] = [];
  let marker: string | undefined;
  do {
    const page = await attempt(operation, target, () => fetch(marker));
    pages.push(page);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return pages;
}

/** Raw inline policy as GetUserPolicy / GetRolePolicy / GetGroupPolicy return it (document URL-encoded). */
export interface RawInlinePolicy {
  PolicyName: string | undefined;
  PolicyDocument: string | undefined;
}

/**
 * Lists inline policy names (all pages), then gets each document. Raw shapes are returned so the
 * GAAD schemas decode them exactly as the full sweep does.
 */
export async function inlinePolicies(
  list: { operation: string; fetch: (marker: string | undefined) => Promise<IamPage & { PolicyNames: string[] | undefined }> },
  get: { operation: string; fetch: (policyName: string) => Promise<RawInlinePolicy> },
  target: string,
): Promise<RawInlinePolicy[]> {
  const pages = await iamPages(list.operation, target, list.fetch);
  const names = pages.flatMap((p) => p.PolicyNames ?? []);
  return Promise.all(names.map((name) => attempt(get.operation, `${target} policy ${name}`, () => get.fetch(name))));
}
