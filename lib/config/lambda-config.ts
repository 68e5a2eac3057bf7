import { z } from 'zod';
import { isRegionName } from '../aws/region-name';
import { parsePolicy, type Policy } from '../core/policy';
import { ConfigError, readSharedConfig, type SharedConfig } from './env';

/**
 * Environment of the Lambda handlers, set by the AccessReconciler construct. Names are the contract
 * between lib/constructs and lambdas/; each is validated at cold start and a bad one names itself.
 */
export const LAMBDA_ENV = {
  approvalsTable: 'TALLY_APPROVALS_TABLE',
  ledgerTable: 'TALLY_LEDGER_TABLE',
  auditTable: 'TALLY_AUDIT_TABLE',
  idempotencyTable: 'TALLY_IDEMPOTENCY_TABLE',
  eventBus: 'TALLY_EVENT_BUS',
  mode: 'TALLY_MODE',
  policy: 'TALLY_POLICY',
  securityHub: 'TALLY_SECURITY_HUB',
  maxDeactivations: 'TALLY_MAX_DEACTIVATIONS',
  actionGraceDays: 'TALLY_ACTION_GRACE_DAYS',
  breakGlass: 'TALLY_BREAK_GLASS',
  killSwitchParameter: 'TALLY_KILL_SWITCH_PARAMETER',
  webhookSecret: 'TALLY_WEBHOOK_SECRET',
  webhookMapping: 'TALLY_WEBHOOK_MAPPING',
  revocation: 'TALLY_REVOCATION',
  maxRevocations: 'TALLY_MAX_REVOCATIONS',
  /** Evidence export: the bucket bundles go to, and the KMS key that signs them (read by lib/evidence/export-settings.ts). */
  evidenceBucket: 'TALLY_EVIDENCE_BUCKET',
  evidenceKeyId: 'TALLY_EVIDENCE_KEY_ID',
  /** Review campaigns: the bucket campaign state and packets go to (read by lib/review/review-settings.ts). */
  reviewBucket: 'TALLY_REVIEW_BUCKET',
  secretRegions: 'TALLY_SECRET_REGIONS',
} as const;

export interface LambdaConfig extends SharedConfig {
  approvalsTable: string;
  ledgerTable: string;
  auditTable: string;
  idempotencyTable?: string;
  eventBus?: string;
  mode: 'report' | 'enforce';
  policy: Policy;
  securityHub: boolean;
  maxDeactivations: number;
  actionGraceDays: number;
  breakGlass: string[];
  /** SSM parameter read before every key write (`true` pauses); absent: writes count as paused. */
  killSwitchParameter?: string;
  /** Intake webhook: the Secrets Manager secret (ARN) holding the HMAC key. */
  webhookSecret?: string;
  /** Intake webhook: the payload mapping, JSON (validated by the webhook, lib/intake/webhook-mapping.ts). */
  webhookMapping?: string;
  /** Revocation of ended approvals' entitlements: 'report' (default) audits only; 'enforce' writes. */
  revocation: 'report' | 'enforce';
  maxRevocations: number;
  /** Regions whose Secrets Manager the full sweep reads (comma-separated); absent: the function's own region. */
  secretRegions?: string[];
}

const flag = z.enum(['true', 'false', 'on', 'off']).transform((v) => v === 'true' || v === 'on');

const schema = z.object({
  TALLY_APPROVALS_TABLE: z.string().min(1),
  TALLY_LEDGER_TABLE: z.string().min(1),
  TALLY_AUDIT_TABLE: z.string().min(1),
  TALLY_IDEMPOTENCY_TABLE: z.string().min(1).optional(),
  TALLY_EVENT_BUS: z.string().min(1).optional(),
  TALLY_MODE: z.enum(['report', 'enforce']).default('report'),
  TALLY_POLICY: z.string().default('{}'),
  TALLY_SECURITY_HUB: flag.default(true),
  TALLY_MAX_DEACTIVATIONS: z.coerce.number().int().nonnegative().default(10),
  TALLY_ACTION_GRACE_DAYS: z.coerce.number().nonnegative().default(7),
  TALLY_BREAK_GLASS: z.string().default(''),
  TALLY_KILL_SWITCH_PARAMETER: z.string().regex(/^[a-zA-Z0-9_.\-/]{1,2048}$/, 'must be an SSM parameter name').optional(),
  TALLY_WEBHOOK_SECRET: z.string().min(1).optional(),
  TALLY_WEBHOOK_MAPPING: z.string().min(1).optional(),
  TALLY_REVOCATION: z.enum(['report', 'enforce']).default('report'),
  TALLY_MAX_REVOCATIONS: z.coerce.number().int().nonnegative().default(10),
  TALLY_SECRET_REGIONS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every(isRegionName), 'must be AWS region names separated by commas (us-east-1,eu-west-1)')
    .optional(),
});

/** Reads and validates the handler environment once per container. */
export function readLambdaConfig(env: Record<string, string | undefined> = process.env): LambdaConfig {
  const shared = readSharedConfig(env);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.path.length && env[String(issue.path[0])] === undefined ? 'required' : issue.message);
  }
  const e = parsed.data;
  let policy: Policy;
  try {
    policy = parsePolicy(JSON.parse(e.TALLY_POLICY));
  } catch (cause) {
    throw new ConfigError(LAMBDA_ENV.policy, cause instanceof Error ? cause.message : String(cause));
  }
  return {
    ...shared,
    approvalsTable: e.TALLY_APPROVALS_TABLE,
    ledgerTable: e.TALLY_LEDGER_TABLE,
    auditTable: e.TALLY_AUDIT_TABLE,
    ...(e.TALLY_IDEMPOTENCY_TABLE ? { idempotencyTable: e.TALLY_IDEMPOTENCY_TABLE } : {}),
    ...(e.TALLY_EVENT_BUS ? { eventBus: e.TALLY_EVENT_BUS } : {}),
    mode: e.TALLY_MODE,
    policy,
    securityHub: e.TALLY_SECURITY_HUB,
    maxDeactivations: e.TALLY_MAX_DEACTIVATIONS,
    actionGraceDays: e.TALLY_ACTION_GRACE_DAYS,
    breakGlass: e.TALLY_BREAK_GLASS.split(',').map((s) => s.trim()).filter(Boolean),
    ...(e.TALLY_KILL_SWITCH_PARAMETER ? { killSwitchParameter: e.TALLY_KILL_SWITCH_PARAMETER } : {}),
    ...(e.TALLY_WEBHOOK_SECRET ? { webhookSecret: e.TALLY_WEBHOOK_SECRET } : {}),
    ...(e.TALLY_WEBHOOK_MAPPING ? { webhookMapping: e.TALLY_WEBHOOK_MAPPING } : {}),
    revocation: e.TALLY_REVOCATION,
    maxRevocations: e.TALLY_MAX_REVOCATIONS,
    ...(e.TALLY_SECRET_REGIONS?.length ? { secretRegions: e.TALLY_SECRET_REGIONS } : {}),
  };
}
