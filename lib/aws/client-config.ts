/** Settings every SDK client of Tally is built with. */
export interface AwsSettings {
  region?: string;
  /** A named profile of the shared config and credentials files; absent: the SDK's default credential chain. */
  profile?: string;
  /** `AWS_ENDPOINT_URL`: any AWS-compatible endpoint (dynalite, LocalStack, a VPC endpoint). */
  endpoint?: string;
  /** Attempts per call, first one included; adaptive retry backs off on throttling. */
  maxAttempts?: number;
}

export interface ClientConfig {
  region?: string;
  profile?: string;
  endpoint?: string;
  retryMode: 'adaptive';
  maxAttempts: number;
}

/** Constructor options for any v3 client: explicit endpoint when one is configured, adaptive retry. */
export function clientConfig(s: AwsSettings = {}): ClientConfig {
  return {
    ...(s.region ? { region: s.region } : {}),
    ...(s.profile ? { profile: s.profile } : {}),
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    retryMode: 'adaptive',
    maxAttempts: s.maxAttempts ?? 8,
  };
}
