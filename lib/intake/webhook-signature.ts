import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names (lower case, as Lambda function URLs deliver them). */
export const SIGNATURE_HEADER = 'x-tally-signature';
/** Jira Cloud admin webhooks sign the raw body into this header, same `sha256=<hex>` format. */
export const HUB_SIGNATURE_HEADER = 'x-hub-signature';
export const TIMESTAMP_HEADER = 'x-tally-timestamp';
/** How far a signed timestamp may be from the receiver's clock, either way. */
export const MAX_SKEW_MS = 5 * 60 * 1000;

/**
 * The signature a sender puts in `X-Tally-Signature`: `sha256=` and the hex HMAC-SHA256, keyed
 * with the shared secret, of `<timestamp>.<raw body>` when it sends `X-Tally-Timestamp` (Unix
 * seconds), else of the raw body alone (the timestamp then comes from inside the body).
 */
export function signWebhook(secret: string, rawBody: string, timestamp?: string): string {
  const message = timestamp === undefined ? rawBody : `${timestamp}.${rawBody}`;
  return `sha256=${createHmac('sha256', secret).update(message, 'utf8').digest('hex')}`;
}

export type SignatureCheck =
  | { ok: true; /** From `X-Tally-Timestamp`, in ms; undefined: the body must carry a signed timestamp. */ timestampMs?: number }
  | { ok: false; reason: string };

/**
 * Checks a request's signature in constant time (`timingSafeEqual` over the 32-byte digests) and,
 * when `X-Tally-Timestamp` is sent, that it is within {@link MAX_SKEW_MS} of `now`. The timestamp is
 * part of the signed message, so a captured request cannot be replayed with a fresh one.
 */
export function checkSignature(secret: string, rawBody: string, headers: Readonly<Record<string, string | undefined>>, now: Date): SignatureCheck {
  const header = headers[SIGNATURE_HEADER] ?? headers[HUB_SIGNATURE_HEADER];
  if (header === undefined) return { ok: false, reason: `no ${SIGNATURE_HEADER} header` };
  const sent = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim())?.[1];
  if (sent === undefined) return { ok: false, reason: 'signature is not sha256=<64 hex digits>' };
  const timestamp = headers[TIMESTAMP_HEADER]?.trim();
  if (timestamp !== undefined && !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: `${TIMESTAMP_HEADER} is not Unix seconds` };
  const expected = Buffer.from(signWebhook(secret, rawBody, timestamp).slice('sha256='.length), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(sent, 'hex'))) return { ok: false, reason: 'signature does not match' };
  if (timestamp === undefined) return { ok: true };
  const timestampMs = Number(timestamp) * 1000;
  const fresh = freshness(timestampMs, now);
  return fresh === undefined ? { ok: true, timestampMs } : { ok: false, reason: fresh };
}

/** Why a signed instant is too far from `now`, or undefined when it is within {@link MAX_SKEW_MS}. */
export function freshness(timestampMs: number, now: Date): string | undefined {
  if (!Number.isFinite(timestampMs)) return 'no signed timestamp';
  const skew = Math.abs(now.getTime() - timestampMs);
  return skew <= MAX_SKEW_MS ? undefined : `timestamp ${new Date(timestampMs).toISOString()} is more than 5 minutes from now (replayed or clock skew)`;
}
