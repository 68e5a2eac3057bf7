import type { LambdaConfig } from '../config/lambda-config';
import type { ApprovalSource } from '../sweep/account-sweep';
import type { LiveSweepSettings } from '../sweep/live-sweep';
import { logger } from './observability';

/** The deployed sweep: publishes everything configured; acts on keys in the configured mode. */
export function sweepSettings(config: LambdaConfig, run: { runId: string; now: Date; approvals: ApprovalSource; actor: string }): LiveSweepSettings {
  return {
    ...run,
    policy: config.policy,
    region: config.region ?? 'us-east-1',
    ...(config.securityHub ? { securityHub: { ledgerTable: config.ledgerTable } } : {}),
    ...(config.eventBus ? { eventBus: config.eventBus } : {}),
    evidence: true,
    keyExpiry: {
      mode: config.mode,
      auditTable: config.auditTable,
      maxActions: config.maxDeactivations,
      graceDays: config.actionGraceDays,
      breakGlass: config.breakGlass,
      paused: () => config.enforcementPaused,
      actor: run.actor,
    },
    progress: (message) => logger.info(message),
  };
}
