import { z } from 'zod';
import type { Secret } from '../core/inventory';
import { optionalAwsDate } from './aws-date';
import { defined } from './defined';
import { byArnOrder } from './gaad';
import { tagListSchema } from './policy-document';
import { parseWith } from './zod-issues';

/** `rate(N days)` is the only schedule that states a rotation interval in days. */
function daysFromSchedule(expression: string | undefined): number | undefined {
  const m = expression === undefined ? null : /^rate\(\s*(\d+)\s+days?\s*\)$/i.exec(expression.trim());
  return m ? Number(m[1]) : undefined;
}

/** One ListSecrets `SecretListEntry` (DescribeSecret returns the same fields) → {@link Secret}. */
export const secretSchema = z
  .object({
    ARN: z.string().min(1),
    Name: z.string().min(1),
    RotationEnabled: z.boolean().default(false),
    RotationRules: z
      .object({
        AutomaticallyAfterDays: z.number().int().positive().optional(),
        ScheduleExpression: z.string().optional(),
      })
      .optional(),
    LastRotatedDate: optionalAwsDate(),
    LastChangedDate: optionalAwsDate(),
    LastAccessedDate: optionalAwsDate(),
    DeletedDate: optionalAwsDate(),
    CreatedDate: optionalAwsDate(),
    OwningService: z.string().optional(),
    Tags: tagListSchema,
  })
  .transform((s): Secret => {
    const rotationDays = s.RotationRules?.AutomaticallyAfterDays ?? daysFromSchedule(s.RotationRules?.ScheduleExpression);
    return {
      arn: s.ARN,
      name: s.Name,
      rotationEnabled: s.RotationEnabled,
      tags: s.Tags,
      ...defined({
        createdAt: s.CreatedDate,
        rotationDays,
        lastRotatedAt: s.LastRotatedDate,
        lastChangedAt: s.LastChangedDate,
        lastAccessedAt: s.LastAccessedDate,
        deletedAt: s.DeletedDate,
        owningService: s.OwningService,
      }),
    };
  });

const pageSchema = z.object({
  SecretList: z.array(secretSchema),
  NextToken: z.string().optional(),
});

/** One `aws secretsmanager list-secrets` page (or a whole CLI export). */
export interface SecretsPage {
  file: string;
  secrets: Secret[];
  /** False when the page carries a `NextToken`: more pages follow (possibly after empty ones). */
  last: boolean;
}

/** Parses one ListSecrets export; throws SnapshotError naming the entry and field on bad data. */
export function parseSecretsPage(data: unknown, file: string): SecretsPage {
  const page = parseWith(pageSchema, data, file);
  return { file, secrets: page.SecretList, last: page.NextToken === undefined || page.NextToken === '' };
}

/** Merges ListSecrets pages, deduplicating by ARN (first page wins) and sorting by it. */
export function mergeSecretsPages(pages: readonly SecretsPage[]): { secrets: Secret[]; complete: boolean; warnings: string[] } {
  const byArn = new Map<string, Secret>();
  for (const page of pages) for (const s of page.secrets) if (!byArn.has(s.arn)) byArn.set(s.arn, s);
  const complete = pages.some((p) => p.last);
  const warnings =
    complete || pages.length === 0
      ? []
      : ['list-secrets export is incomplete (every page carries a NextToken); secrets coverage is off'];
  return { secrets: [...byArn.values()].sort(byArnOrder), complete, warnings };
}
