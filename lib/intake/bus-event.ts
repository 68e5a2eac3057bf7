import { intakeChange } from './intake-contract';
import { UnreadableIntakeError } from './intake-errors';
import type { IntakeRequest } from './apply-intake';

/**
 * The intake request an EventBridge event carries. Throws {@link UnreadableIntakeError} for what
 * cannot be read at all: not an event object, no `id`, a detail-type other than the four intake
 * ones, or a `detail` that is not a JSON object. Anything inside the detail is validated later and
 * refused by name.
 */
export function busIntakeRequest(event: unknown): IntakeRequest {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) throw new UnreadableIntakeError('not an EventBridge event object', {});
  const e = event as Record<string, unknown>;
  const eventId = typeof e.id === 'string' && e.id !== '' ? e.id : undefined;
  const detailType = typeof e['detail-type'] === 'string' ? e['detail-type'] : undefined;
  const context = { ...(eventId ? { eventId } : {}), ...(detailType ? { detailType } : {}) };
  if (!eventId) throw new UnreadableIntakeError('no event id', context);
  const change = intakeChange(detailType);
  if (!change) throw new UnreadableIntakeError(`detail-type ${JSON.stringify(detailType ?? null)} is not an intake detail-type`, context);
  const detail = e.detail;
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) throw new UnreadableIntakeError('detail is not a JSON object', context);
  return { eventId, via: 'bus', change, detail };
}
