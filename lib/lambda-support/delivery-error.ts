/**
 * A sweep finished but some results were not delivered (Security Hub, EventBridge, evidence, a key
 * action). Thrown so Lambda retries the invocation and, past its retries, sends it to the DLQ; the
 * ledger and the audit log make the retry deliver only what is missing.
 */
export class DeliveryIncompleteError extends Error {
  override readonly name = 'DeliveryIncompleteError';
  constructor(readonly undelivered: Record<string, number>) {
    super(`results not delivered: ${Object.entries(undelivered).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
}
