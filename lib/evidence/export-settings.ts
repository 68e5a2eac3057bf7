import { z } from 'zod';
import { ConfigError } from '../config/env';
import { LAMBDA_ENV } from '../config/lambda-config';

/** Where the deployed export writes and what it signs with, from its environment. */
export interface ExportSettings {
  bucket: string;
  keyId: string;
}

const schema = z.object({ [LAMBDA_ENV.evidenceBucket]: z.string().min(1), [LAMBDA_ENV.evidenceKeyId]: z.string().min(1) });

/** The evidence export's own settings; a missing one names its variable. */
export function readExportSettings(env: NodeJS.ProcessEnv = process.env): ExportSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(String(parsed.error.issues[0]?.path[0]), 'required by the evidence export');
  return { bucket: parsed.data[LAMBDA_ENV.evidenceBucket]!, keyId: parsed.data[LAMBDA_ENV.evidenceKeyId]! };
}
