import { z } from 'zod';

const CURRENT_STAGE = 'AWSCURRENT';

const entrySchema = z.object({
  ARN: z.string().min(1),
  SecretVersionsToStages: z.record(z.string().min(1), z.array(z.string())),
});

const pageSchema = z.object({ SecretList: z.array(z.unknown()) });

/**
 * The AWSCURRENT version id of each entry of one ListSecrets response, by ARN, from its
 * `SecretVersionsToStages` (version id → staging labels). An entry without one, or with a map that
 * does not parse, is left out: its version is then read with ListSecretVersionIds, as without this.
 */
export function currentVersionIds(response: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const page = pageSchema.safeParse(response);
  if (!page.success) return out;
  for (const raw of page.data.SecretList) {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) continue;
    const current = Object.entries(entry.data.SecretVersionsToStages).find(([, stages]) => stages.includes(CURRENT_STAGE));
    if (current) out.set(entry.data.ARN, current[0]);
  }
  return out;
}
