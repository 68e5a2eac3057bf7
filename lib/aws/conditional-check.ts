/**
 * True for DynamoDB's conditional-check failure (a lost race, or a condition that says "already
 * there"), by name: the SDK class or a plain error from any AWS-compatible endpoint.
 */
export function isConditionalCheckFailure(err: unknown): boolean {
  return (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}
