import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { ConfigError } from '../lib/config/env';
import { LAMBDA_ENV, readLambdaConfig } from '../lib/config/lambda-config';
import { accountOfFunctionArn } from '../lib/events/event-scope';
import { lambdaClientConfig, lambdaClients } from '../lib/lambda-support/clients';
import { logger, observed, tracer } from '../lib/lambda-support/observability';
import { liveReviewDeps } from '../lib/review/live-review';
import { ReviewPublishError } from '../lib/review/review-errors';
import { runReview } from '../lib/review/review-run';
import { readReviewSettings } from '../lib/review/review-settings';

const config = readLambdaConfig();
const settings = readReviewSettings();
if (!config.eventBus) throw new ConfigError(LAMBDA_ENV.eventBus, 'required by the review campaign function');
const eventBus = config.eventBus;
const clients = {
  ...lambdaClients(config),
  accessAnalyzer: tracer.captureAWSv3Client(new AccessAnalyzerClient(lambdaClientConfig(config))),
  s3: tracer.captureAWSv3Client(new S3Client(lambdaClientConfig(config))),
};

/**
 * Scheduled review run (docs/reviews.md, "Deployed"): starts a campaign when none is open, else reads
 * its decisions back from the approvals table, escalates past the deadline and closes it. Fails when
 * an event was not taken, so the Errors alarm says so (events are sent at most once per campaign).
 */
export const handler = observed(async (event: ScheduledEvent, context: Context) => {
  const accountId = accountOfFunctionArn(context.invokedFunctionArn) ?? event.account;
  const now = new Date(event.time);
  const warn = (message: string) => logger.warn(message);
  const deps = liveReviewDeps(clients, { runId: event.id, now, accountId, policy: config.policy, region: config.region ?? 'us-east-1', ...(config.secretRegions ? { secretRegions: config.secretRegions } : {}), approvalsTable: config.approvalsTable, eventBus, bucket: settings.bucket });
  const result = await runReview(deps, now.toISOString());
  for (const w of result.warnings) warn(w);
  const { outcome, campaignId, requested, decided, escalated, revoked, staleRevocations } = result;
  logger.info('review run', { outcome, campaignId, requested, decided, escalated, revoked, staleRevocations });
  if (result.failedEvents.length) throw new ReviewPublishError(result);
  return result;
});
