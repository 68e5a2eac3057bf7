import { Schedule } from 'aws-cdk-lib/aws-events';
import { z } from 'zod';
import type { PolicyInput } from './access-reconciler';
import type { TallyStackProps } from './tally-stack';

/** A context value is missing or malformed; the message names the key. */
export class ContextError extends Error {
  override readonly name = 'ContextError';
  constructor(readonly key: string, message: string) {
    super(`context ${key}: ${message}`);
  }
}

// `-c key=value` gives strings, cdk.json gives JSON values: accept both.
export const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
export const count = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).pipe(z.number().nonnegative());
export const list = z.union([z.array(z.string()), z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))]);
const jsonObject = z.union([z.record(z.string(), z.unknown()), z.string().transform((s, ctx) => {
  try {
    return JSON.parse(s) as Record<string, unknown>;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not JSON' });
    return z.NEVER;
  }
})]);

/** The context keys bin/app.ts reads (docs/deploy.md lists them). */
export const contextSchema = z.object({
  stackName: z.string().min(1).default('Tally'),
  account: z.string().regex(/^\d{12}$/).optional(),
  region: z.string().min(1).optional(),
  mode: z.enum(['report', 'enforce']).default('report'),
  revocation: z.enum(['report', 'enforce']).optional(),
  maxRevocations: count.optional(),
  reviews: bool.optional(),
  schedule: z.string().regex(/^(rate|cron)\(.+\)$/, 'must be rate(...) or cron(...)').optional(),
  securityHub: bool.optional(),
  iamEvents: bool.optional(),
  secretsEvents: bool.optional(),
  maxDeactivations: count.optional(),
  actionGraceDays: count.optional(),
  breakGlass: list.optional(),
  enforcementPaused: bool.optional(),
  exemptTag: z.string().min(1).optional(),
  policy: jsonObject.optional(),
  eventBusName: z.string().min(1).optional(),
  tableKeyArn: z.string().startsWith('arn:').optional(),
  alarmEmail: z.email().optional(),
});

export type TallyContext = z.output<typeof contextSchema>;

/**
 * Reads the app's context (`cdk.json` "context", `-c key=value`) into stack props; `env` holds the
 * CDK defaults (CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION) used when account / region are not given.
 */
export function stackPropsFromContext(
  get: (key: string) => unknown,
  env: { account?: string; region?: string } = {},
): { stackName: string; props: TallyStackProps } {
  const raw = Object.fromEntries(Object.keys(contextSchema.shape).map((k) => [k, get(k)]).filter(([, v]) => v !== undefined));
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ContextError(String(issue.path[0] ?? '(context)'), issue.message);
  }
  const c = parsed.data;
  const account = c.account ?? env.account;
  const region = c.region ?? env.region;
  const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  return {
    stackName: c.stackName,
    props: {
      ...(account || region ? { env: { ...optional('account', account), ...optional('region', region) } } : {}),
      reconciler: {
        mode: c.mode,
        ...optional('schedule', c.schedule === undefined ? undefined : Schedule.expression(c.schedule)),
        ...optional('securityHub', c.securityHub),
        ...optional('iamEvents', c.iamEvents),
        ...optional('secretsEvents', c.secretsEvents),
        ...optional('maxDeactivations', c.maxDeactivations),
        ...optional('revocation', c.revocation),
        ...optional('maxRevocations', c.maxRevocations),
        ...(c.reviews ? { reviews: {} } : {}),
        ...optional('actionGraceDays', c.actionGraceDays),
        ...optional('breakGlass', c.breakGlass),
        ...optional('enforcementPaused', c.enforcementPaused),
        ...optional('exemptTag', c.exemptTag),
        ...optional('policy', c.policy as PolicyInput | undefined),
      },
      ...optional('eventBusName', c.eventBusName),
      ...optional('tableKeyArn', c.tableKeyArn),
      ...optional('alarmEmail', c.alarmEmail),
    },
  };
}
