import { z } from 'zod';

/** A configuration value is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
  }
}

const optionalText = z.string().trim().min(1).optional().catch(undefined);

/** Settings shared by the CLI and the Lambda handlers. */
const sharedSchema = z.object({
  AWS_REGION: optionalText,
  AWS_DEFAULT_REGION: optionalText,
  AWS_ENDPOINT_URL: z.url({ protocol: /^https?$/ }).optional(),
  TALLY_APPROVALS_TABLE: optionalText,
  TALLY_LEDGER_TABLE: optionalText,
  TALLY_AUDIT_TABLE: optionalText,
  TALLY_EVENT_BUS: optionalText,
  NO_COLOR: z.string().optional(),
  DEBUG: z.string().optional(),
});

export interface SharedConfig {
  region?: string;
  endpoint?: string;
  approvalsTable?: string;
  ledgerTable?: string;
  auditTable?: string;
  eventBus?: string;
  noColor: boolean;
  /** `DEBUG` set (non-empty): the CLI prints stack traces of errors. */
  debug?: boolean;
}

function firstIssue(error: z.ZodError): ConfigError {
  const issue = error.issues[0]!;
  return new ConfigError(String(issue.path[0] ?? '(environment)'), issue.message);
}

/** The one place that reads the process environment; everything else receives a typed config. */
export function readSharedConfig(env: Record<string, string | undefined> = process.env): SharedConfig {
  const parsed = sharedSchema.safeParse(env);
  if (!parsed.success) throw firstIssue(parsed.error);
  const e = parsed.data;
  return {
    ...(e.AWS_REGION ?? e.AWS_DEFAULT_REGION ? { region: e.AWS_REGION ?? e.AWS_DEFAULT_REGION } : {}),
    ...(e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {}),
    ...(e.TALLY_APPROVALS_TABLE ? { approvalsTable: e.TALLY_APPROVALS_TABLE } : {}),
    ...(e.TALLY_LEDGER_TABLE ? { ledgerTable: e.TALLY_LEDGER_TABLE } : {}),
    ...(e.TALLY_AUDIT_TABLE ? { auditTable: e.TALLY_AUDIT_TABLE } : {}),
    ...(e.TALLY_EVENT_BUS ? { eventBus: e.TALLY_EVENT_BUS } : {}),
    noColor: e.NO_COLOR !== undefined,
    ...(e.DEBUG ? { debug: true } : {}),
  };
}
