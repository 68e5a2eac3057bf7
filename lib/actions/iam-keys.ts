import {
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  type AccessKeyMetadata,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { describeError } from '../errors/describe-error';

/** One access key as IAM shows it right before an action. */
export interface LiveKey {
  accessKeyId: string;
  /** `Expired` exists in IAM's StatusType; like Inactive, the key no longer authenticates. */
  status: 'Active' | 'Inactive' | 'Expired';
  createdAt: string;
  /** `AccessKeyLastUsed.LastUsedDate`; null when IAM has no record of use. */
  lastUsed: string | null;
}

export type KeyConfirmation =
  | { ok: true; key: LiveKey }
  | { ok: false; decision: 'skipped-key-mismatch' | 'skipped-unconfirmed'; reason: string };

/** What the plan knows of the key: the credential report's creation time, and an id when an export had one. */
export interface KeyRef {
  userName: string;
  createdAt: string;
  accessKeyId?: string;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Every access key of one user (all pages). */
export async function listKeys(iam: IAMClient, userName: string): Promise<AccessKeyMetadata[]> {
  const out: AccessKeyMetadata[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListAccessKeysCommand({ UserName: userName, ...(marker ? { Marker: marker } : {}) }));
    out.push(...(page.AccessKeyMetadata ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}

/**
 * Finds the one key of one user the plan means. The credential report has no key ids, only slots
 * and `access_key_N_last_rotated` (the key's creation time), and slots need not follow ListAccessKeys
 * order: so the key is the one whose CreateDate equals the report's time to the second (and whose id
 * equals the plan's, when it has one). None or several → not confirmed. Then GetAccessKeyLastUsed
 * for that key only. Read errors fail closed (the action is skipped with the error as reason).
 */
export async function confirmKey(iam: IAMClient, ref: KeyRef): Promise<KeyConfirmation> {
  let keys: AccessKeyMetadata[];
  try {
    keys = await listKeys(iam, ref.userName);
  } catch (e) {
    return { ok: false, decision: 'skipped-unconfirmed', reason: `ListAccessKeys ${ref.userName} failed: ${describeError(e)}` };
  }
  const want = seconds(Date.parse(ref.createdAt));
  const matches = keys.filter(
    (k) => k.CreateDate && seconds(k.CreateDate.getTime()) === want && (!ref.accessKeyId || k.AccessKeyId === ref.accessKeyId),
  );
  const [match] = matches;
  if (matches.length !== 1 || !match?.AccessKeyId || !match.CreateDate) {
    const seen = keys.map((k) => `${k.AccessKeyId} created ${k.CreateDate?.toISOString()}`).join(', ') || 'no keys';
    const what = matches.length > 1 ? 'several keys' : 'no key';
    return { ok: false, decision: 'skipped-key-mismatch', reason: `${what} of ${ref.userName} created at ${ref.createdAt} (IAM has ${seen})` };
  }
  const status = match.Status;
  if (status !== 'Active' && status !== 'Inactive' && status !== 'Expired') {
    return { ok: false, decision: 'skipped-unconfirmed', reason: `key ${match.AccessKeyId} has no known status (${String(status)})` };
  }
  try {
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: match.AccessKeyId }));
    return {
      ok: true,
      key: {
        accessKeyId: match.AccessKeyId,
        status,
        createdAt: match.CreateDate.toISOString(),
        lastUsed: used.AccessKeyLastUsed?.LastUsedDate?.toISOString() ?? null,
      },
    };
  } catch (e) {
    return { ok: false, decision: 'skipped-unconfirmed', reason: `GetAccessKeyLastUsed ${match.AccessKeyId} failed: ${describeError(e)}` };
  }
}

/** Deactivates exactly one key of one user. Never DeleteAccessKey. */
export async function deactivateKey(iam: IAMClient, userName: string, accessKeyId: string): Promise<void> {
  await iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: 'Inactive' }));
}
