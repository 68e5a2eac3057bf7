import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { S3Client } from '@aws-sdk/client-s3';
import { ApprovalStore } from '../approvals/approval-store';
import type { Policy } from '../core/policy';
import type { UnusedAccessFinding } from '../core/unused-access';
import { IntakeStore } from '../intake/intake-store';
import { EventBridgeSink } from '../sinks/eventbridge';
import { liveSweepInput, type LiveSweepClients } from '../sweep/live-sweep';
import { readUnusedAccess } from './access-analyzer';
import { CampaignBucket } from './campaign-bucket';
import type { ReviewRunDeps } from './review-run';

export type LiveReviewClients = LiveSweepClients & { accessAnalyzer: AccessAnalyzerClient; s3: S3Client };

export interface LiveReviewSettings {
  runId: string;
  now: Date;
  accountId: string;
  policy: Policy;
  region: string;
  secretRegions?: readonly string[];
  approvalsTable: string;
  eventBus: string;
  bucket: string;
}

/**
 * The account's unused-access findings, or undefined when they cannot be read: an account without
 * an unused-access analyzer gives [] (readUnusedAccess), a role refused by Access Analyzer (or an SCP)
 * a warning, so the campaign still starts on the inventory's last-used data alone.
 */
export async function analyzerFindings(client: AccessAnalyzerClient, warn: (message: string) => void): Promise<UnusedAccessFinding[] | undefined> {
  try {
    return await readUnusedAccess(client);
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name !== 'AccessDeniedException' && name !== 'AccessDenied') throw e;
    warn(`Access Analyzer unused-access findings not read (${name}): the campaign relies on the inventory's last-used data`);
    return undefined;
  }
}

/**
 * Wires the review run to AWS: the approvals table (Scan, as the sweep reads it), the inventory by
 * the sweep's own reader (liveSweepInput, read-only: nothing is published or written), Access
 * Analyzer, the campaign bucket, the bus, and revocation through the intake's version-checked write.
 */
export function liveReviewDeps(clients: LiveReviewClients, s: LiveReviewSettings): ReviewRunDeps {
  const store = new ApprovalStore(clients.dynamo, s.approvalsTable);
  const intake = new IntakeStore(clients.dynamo, s.approvalsTable);
  const events = new EventBridgeSink({ client: clients.events, eventBusName: s.eventBus });
  return {
    bucket: new CampaignBucket(clients.s3, s.bucket),
    policy: s.policy,
    accountId: s.accountId,
    readApprovals: () => store.listAll(),
    async readInventory() {
      const input = await liveSweepInput(clients, {
        runId: s.runId,
        now: s.now,
        policy: s.policy,
        region: s.region,
        accountId: s.accountId,
        approvals: { kind: 'store', store },
        evidence: false,
        ...(s.secretRegions ? { secretRegions: s.secretRegions } : {}),
      });
      const live = await input.readInventory();
      const notes: string[] = [];
      const unused = await analyzerFindings(clients.accessAnalyzer, (m) => notes.push(m));
      return { inventory: unused ? { ...live.inventory, unusedAccess: unused } : live.inventory, warnings: [...live.warnings, ...notes] };
    },
    publish: (list) => events.publish(list),
    revoke: (key, version) => intake.revoke(key, version),
  };
}
