import { applyIntake, rejectedEvent, type IntakeDeps, type IntakeRequest, type IntakeResult } from './apply-intake';
import { mapPayload, mappedFrom, type WebhookMapping } from './webhook-mapping';
import { checkSignature, freshness } from './webhook-signature';

/** The parts of a Lambda function URL request the webhook reads (payload format 2.0). */
export interface WebhookCall {
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string | undefined>;
  requestContext: { requestId: string; http: { method: string } };
}

export interface WebhookResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookDeps extends IntakeDeps {
  secret: () => Promise<string>;
  mapping: WebhookMapping;
  /** Called with every change that reached validation (for logs and metrics). */
  record?: (request: IntakeRequest, result: IntakeResult) => void;
}

const reply = (statusCode: number, body: Record<string, unknown>): WebhookResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * Serves one webhook call: 401 when the signature or its timestamp does not hold, 400 naming the
 * field when the body is not JSON or does not map to a valid approval (also announced as "Tally
 * Approval Rejected"), 202 when applied, 200 when already applied (a replay), older than the
 * approval's intake version, or a change the mapping ignores. Nothing is written before the
 * signature is checked.
 */
export async function serveWebhook(deps: WebhookDeps, call: WebhookCall): Promise<WebhookResponse> {
  if (call.requestContext.http.method !== 'POST') return reply(405, { error: 'POST only' });
  const raw = call.body === undefined ? '' : call.isBase64Encoded ? Buffer.from(call.body, 'base64').toString('utf8') : call.body;
  const headers = Object.fromEntries(Object.entries(call.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const now = deps.now();
  const signed = checkSignature(await deps.secret(), raw, headers, now);
  if (!signed.ok) return reply(401, { error: 'signature', reason: signed.reason });
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    return reply(400, { field: 'body', reason: 'not JSON' });
  }
  const mapped = mapPayload(deps.mapping, payload);
  if (signed.timestampMs === undefined) {
    const stale = 'field' in mapped ? 'no signed timestamp' : freshness(mapped.timestampMs ?? Number.NaN, now);
    if (stale !== undefined) return reply(401, { error: 'timestamp', reason: stale });
  }
  const eventId = call.requestContext.requestId;
  if ('field' in mapped) {
    if (deps.events) await deps.events.publish([rejectedEvent({ eventId, via: 'webhook', detail: {} }, { status: 'rejected', ...mapped }, now)]);
    return reply(400, mapped);
  }
  if (mapped.change === 'ignore') return reply(200, { status: 'ignored' });
  const request: IntakeRequest = { eventId, via: 'webhook', change: mapped.change, detail: mapped.detail };
  const result = await applyIntake(deps, request);
  deps.record?.(request, result);
  if (result.status === 'rejected') {
    const from = mappedFrom(deps.mapping, result.field);
    return reply(400, { field: result.field, reason: from ? `${result.reason} (mapped from ${from})` : result.reason });
  }
  return reply(result.status === 'applied' ? 202 : 200, { ...result });
}
