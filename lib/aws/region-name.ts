/**
 * An AWS Region code: partition prefix, geography words and a number (`us-east-1`,
 * `us-gov-west-1`, `cn-north-1`, `ap-southeast-7`, `eu-isoe-west-1`). Not a list: new regions match
 * without a release; a typo like `us-east` or `useast1` does not.
 */
export const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Whether `value` has the form of an AWS Region code ({@link REGION_NAME}). */
export function isRegionName(value: string): boolean {
  return REGION_NAME.test(value);
}
