import type { AuditSink } from '../actions/audit-log';
import { actionId, type Deactivation } from '../actions/audit-table';
import { isSameKey } from '../actions/same-key';
import type { Inventory } from '../core/inventory';
import { accessKeyResource } from '../core/resources';
import { toMs } from '../core/time';

/** The inventory as the sweep uses it, and the keys it counted inactive (resource id → the action that deactivated it). */
export interface AfterDeactivations {
  inventory: Inventory;
  closed: Map<string, string>;
}

/**
 * How far before the credential report's GeneratedTime deactivations are read back: the Lambda's
 * clock and IAM's may disagree a little, and counting a key inactive again that the report already
 * shows inactive changes nothing.
 */
const CLOCK_MARGIN_MS = 5 * 60_000;

/**
 * The inventory with the keys deactivated after its credential report was generated counted inactive.
 * IAM reuses a report for up to 4 hours; without this, a sweep reading a report from before Tally's
 * own deactivation would see the key Active and reopen the findings the acting run closed. A key is
 * matched by id, else by slot when it was created before the deactivation (a key created in that
 * slot since is another key, and stays as read).
 */
export function withDeactivations(inventory: Inventory, deactivations: readonly Deactivation[]): AfterDeactivations {
  const closed = new Map<string, string>();
  if (deactivations.length === 0) return { inventory, closed };
  const byUser = new Map<string, Deactivation[]>();
  for (const d of deactivations) byUser.set(d.userArn, [...(byUser.get(d.userArn) ?? []), d]);
  const users = inventory.users.map((u) => {
    const mine = byUser.get(u.arn);
    if (!mine) return u;
    const accessKeys = u.accessKeys.map((k) => {
      const d = k.active ? mine.find((x) => isSameKey(k, x) && toMs(k.createdAt) <= toMs(x.at)) : undefined;
      if (!d) return k;
      closed.set(accessKeyResource(u.arn, u.name, k).id, actionId({ runId: d.deactivatedBy, findingId: d.findingId }));
      return { ...k, active: false };
    });
    return { ...u, accessKeys };
  });
  return { inventory: { ...inventory, users }, closed };
}

/**
 * Reads back the account's deactivations since the inventory's credential report and applies them
 * (see {@link withDeactivations}), but those of run `runId` itself: a retry of a run sees what its
 * first attempt saw, and closes what that attempt acted on as its own.
 */
export async function applyRecentDeactivations(inventory: Inventory, audit: Pick<AuditSink, 'deactivationsSince'>, now: string, runId: string): Promise<AfterDeactivations> {
  if (inventory.keysReadAt === undefined) return { inventory, closed: new Map() };
  const since = new Date(toMs(inventory.keysReadAt) - CLOCK_MARGIN_MS).toISOString();
  const others = (await audit.deactivationsSince(inventory.accountId, since, now)).filter((d) => d.deactivatedBy !== runId);
  return withDeactivations(inventory, others);
}
