import { z } from 'zod';
import { ConfigError } from '../config/env';
import { LAMBDA_ENV } from '../config/lambda-config';

/** Where the deployed review function keeps campaigns, from its environment. */
export interface ReviewSettings {
  bucket: string;
}

const schema = z.object({ [LAMBDA_ENV.reviewBucket]: z.string().min(1) });

/** The review function's own settings; a missing one names its variable. */
export function readReviewSettings(env: NodeJS.ProcessEnv = process.env): ReviewSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(LAMBDA_ENV.reviewBucket, 'required by the review campaign function');
  return { bucket: parsed.data[LAMBDA_ENV.reviewBucket]! };
}
