import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { ScheduledEvent } from 'aws-lambda';
import { ApprovalStore } from '../lib/approvals/approval-store';
import { readLambdaConfig } from '../lib/config/lambda-config';
import { writeBundle } from '../lib/evidence/bundle';
import { readExportSettings } from '../lib/evidence/export-settings';
import { liveEvidence } from '../lib/evidence/live-source';
import { parsePeriod, previousMonth } from '../lib/evidence/period';
import { s3Sink } from '../lib/evidence/s3-sink';
import { kmsSigner } from '../lib/evidence/signing';
import { lambdaClientConfig, lambdaClients } from '../lib/lambda-support/clients';
import { logger, observed, tracer } from '../lib/lambda-support/observability';

const config = readLambdaConfig();
const settings = readExportSettings();
const clients = lambdaClients(config);
const kms = tracer.captureAWSv3Client(new KMSClient(lambdaClientConfig(config)));
const s3 = tracer.captureAWSv3Client(new S3Client(lambdaClientConfig(config)));

/**
 * Writes one period's evidence bundle to the evidence bucket, signed with the KMS key: the previous
 * calendar month of the schedule's time, or `{"from": ..., "to": ...}` given in the event.
 */
export const handler = observed(async (event: Partial<ScheduledEvent> & { from?: string; to?: string }) => {
  const now = event.time ? new Date(event.time) : new Date();
  const period = event.from && event.to ? parsePeriod(event.from, event.to) : previousMonth(now);
  const data = await liveEvidence(
    {
      doc: clients.dynamo,
      ledgerTable: config.ledgerTable,
      auditTable: config.auditTable,
      approvals: new ApprovalStore(clients.dynamo, config.approvalsTable),
      warn: (message) => logger.warn(message),
    },
    period,
  );
  const written = await writeBundle(data, period, new Date().toISOString(), kmsSigner(kms, settings.keyId), s3Sink(s3, settings.bucket));
  return { bucket: settings.bucket, folder: written.folder, files: written.manifest.files.length };
});
