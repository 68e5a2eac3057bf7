import { SSMClient } from '@aws-sdk/client-ssm';
import { parameterKillSwitch } from '../actions/kill-switch';
import { countCalls, type CallCounter } from '../aws/call-counter';
import { ConfigError } from '../config/env';
import { LAMBDA_ENV, type LambdaConfig } from '../config/lambda-config';
import type { ApprovalSource } from '../sweep/account-sweep';
import type { LiveSweepSettings } from '../sweep/live-sweep';
import { lambdaClientConfig } from './clients';
import { logger, tracer } from './observability';

/** The SSM client the sweeps read the kill switch with (only the sweeps load it), once per container. */
export function killSwitchClient(config: LambdaConfig): SSMClient {
  return tracer.captureAWSv3Client(new SSMClient(lambdaClientConfig(config)));
}

/**
 * The deployed kill switch: the SSM parameter the construct created, read before every key write so
 * pausing takes effect mid-run without a redeploy. Without a parameter configured, every write
 * counts as paused (fail closed).
 */
function killSwitch(config: LambdaConfig, ssm: SSMClient, calls: CallCounter): () => Promise<boolean> {
  const name = config.killSwitchParameter;
  if (!name) return () => Promise.reject(new ConfigError(LAMBDA_ENV.killSwitchParameter, 'not set: key writes stay paused'));
  return parameterKillSwitch(countCalls(ssm, calls), name);
}

/**
 * The deployed sweep: publishes everything configured; acts on keys in the configured mode.
 * `run.calls` is the run's counter: the kill switch's reads count into it, as must every client given
 * to the sweep (countedSweepClients) and the approval store's.
 */
export function sweepSettings(
  config: LambdaConfig,
  run: { runId: string; now: Date; approvals: ApprovalSource; actor: string; calls: CallCounter; republish?: boolean; accountId?: string },
  /** The central account's SSM client ({@link killSwitchClient}): the kill switch lives in the stack's account. */
  ssm: SSMClient,
): LiveSweepSettings {
  return {
    ...run,
    policy: config.policy,
    region: config.region ?? 'us-east-1',
    ...(config.secretRegions ? { secretRegions: config.secretRegions } : {}),
    ...(config.securityHub ? { securityHub: { ledgerTable: config.ledgerTable } } : {}),
    ...(config.eventBus ? { eventBus: config.eventBus } : {}),
    evidence: true,
    keyExpiry: {
      mode: config.mode,
      auditTable: config.auditTable,
      maxActions: config.maxDeactivations,
      graceDays: config.actionGraceDays,
      breakGlass: config.breakGlass,
      paused: killSwitch(config, ssm, run.calls),
      actor: run.actor,
    },
    revocation: { mode: config.revocation, maxRevocations: config.maxRevocations },
    progress: (message) => logger.info(message),
  };
}
