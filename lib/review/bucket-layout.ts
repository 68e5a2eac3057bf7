/**
 * Where the review function keeps campaigns in its bucket. Apart from the S3 client, so the CDK
 * construct can scope its grants to the same prefix without importing the SDK.
 */

/** The campaigns' common prefix in the review bucket. */
export const REVIEWS_PREFIX = 'reviews/';
/** The one object naming the open campaign: every start claims it, every close releases it. */
export const OPEN_POINTER_KEY = `${REVIEWS_PREFIX}open.json`;

/** The key of a campaign's state object. */
export function campaignKey(campaignId: string): string {
  return `${REVIEWS_PREFIX}${campaignId}/campaign.json`;
}
