import { z } from 'zod';
import type { PolicyDocument, Tags } from '../core/inventory';

/**
 * Decodes a policy document as exports hold it: a JSON object (AWS CLI / boto decode it), a
 * URL-encoded JSON string (the IAM API and JS SDK v3 return it so), or a plain JSON string.
 * Returns undefined when it is none of these.
 */
export function decodePolicyDocument(value: unknown): PolicyDocument | undefined {
  if (isPlainObject(value)) return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const candidates = text.startsWith('{') ? [text] : [safeDecode(text)];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (isPlainObject(parsed)) return parsed;
    } catch {
      // not JSON: reported by the caller as "not a policy document"
    }
  }
  return undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Zod schema for a policy document in either encoding, producing the decoded object. */
export const policyDocumentSchema = z.unknown().transform((value, ctx) => {
  const doc = decodePolicyDocument(value);
  if (doc !== undefined) return doc;
  ctx.issues.push({
    code: 'custom',
    input: value,
    message: value === undefined ? 'required' : 'not a policy document (neither a JSON object nor URL-encoded JSON)',
  });
  return z.NEVER;
});

/** AWS `Tags: [{Key, Value}]` → `{ [Key]: Value }`; absent → `{}`. */
export const tagListSchema = z
  .array(z.object({ Key: z.string(), Value: z.string().default('') }))
  .default([])
  .transform((tags): Tags => Object.fromEntries(tags.map((t) => [t.Key, t.Value])));

/** An IAM `PolicyDetail` (inline policy): name and document. */
export const inlinePolicySchema = z
  .object({ PolicyName: z.string().min(1), PolicyDocument: policyDocumentSchema })
  .transform((p) => ({ policyName: p.PolicyName, document: p.PolicyDocument }));

/** An IAM `AttachedPolicy`: name and ARN. */
export const attachedPolicySchema = z
  .object({ PolicyName: z.string(), PolicyArn: z.string().min(1) })
  .transform((p) => ({ policyArn: p.PolicyArn, policyName: p.PolicyName }));

/**
 * A list that tolerates a lone object where AWS documents a list: the AWS CLI documentation's own
 * GetAccountAuthorizationDetails example shows `AttachedManagedPolicies` on groups as one object.
 */
export function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (isPlainObject(v) ? [v] : v), z.array(item).default([]));
}
