import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TallyError } from '../errors/tally-error';
import { campaignKey, OPEN_POINTER_KEY } from './bucket-layout';
import type { CampaignState } from './campaign-folder';


/** Which campaign is open (`null`: none), and the last one closed. */
export interface OpenPointer {
  campaignId: string | null;
  lastCampaignId?: string;
  updatedAt: string;
}

/**
 * A campaign as the deployed function keeps it: the offline folder's state (so a downloaded
 * `reviews/<id>/` folder works with `tally review status`), the owners already asked (and when),
 * the packets' keys by owner, and when it closed.
 */
export interface BucketCampaignState extends CampaignState {
  requested: Record<string, string>;
  packets: Record<string, { html: string; csv: string }>;
  closedAt?: string;
}

/** An object as read, with the ETag a conditional write must match. */
export interface Versioned<T> {
  body: T;
  etag: string;
}

/** A read or write of the review bucket that failed for another reason than a lost precondition. */
export class ReviewBucketError extends TallyError {
  override readonly name = 'ReviewBucketError';
}

/**
 * S3 answers a conditional write that lost with 412 PreconditionFailed (the ETag moved, or the key
 * exists under If-None-Match), or 409 ConditionalRequestConflict (a concurrent conditional write of
 * the same key is in progress): either way another run got there first.
 */
export function isPreconditionLost(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return err?.name === 'PreconditionFailed' || err?.name === 'ConditionalRequestConflict' || err?.$metadata?.httpStatusCode === 412;
}


/**
 * Campaign state in S3, written with conditional writes (S3 User Guide, "How to prevent object
 * overwrites with conditional writes"): `If-None-Match: *` creates, `If-Match: <ETag>` replaces only
 * what was read. A write that lost returns undefined, so two overlapping runs never both act.
 */
export class CampaignBucket {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  readPointer(): Promise<Versioned<OpenPointer> | undefined> {
    return this.readJson<OpenPointer>(OPEN_POINTER_KEY);
  }

  async readCampaign(campaignId: string): Promise<Versioned<BucketCampaignState>> {
    const key = campaignKey(campaignId);
    const found = await this.readJson<BucketCampaignState>(key);
    if (!found) throw new ReviewBucketError(`s3://${this.bucket}/${OPEN_POINTER_KEY} names campaign ${campaignId}, but ${key} does not exist`, { bucket: this.bucket, key });
    return found;
  }

  /** Writes the pointer if it still is what was read (`etag`), or creates it (`etag` undefined); the new ETag, or undefined when another run wrote first. */
  writePointer(pointer: OpenPointer, etag: string | undefined): Promise<string | undefined> {
    return this.writeJson(OPEN_POINTER_KEY, pointer, etag);
  }

  /** Writes a campaign's state if it still is what was read (`etag`), or creates it (`etag` undefined). */
  writeCampaign(state: BucketCampaignState, etag: string | undefined): Promise<string | undefined> {
    return this.writeJson(campaignKey(state.campaign.id), state, etag);
  }

  /** Writes one packet file (unconditionally: a packet's content follows from the campaign alone). */
  async writeFile(key: string, body: string, contentType: string): Promise<void> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
    } catch (cause) {
      throw new ReviewBucketError(`PutObject s3://${this.bucket}/${key} failed`, { bucket: this.bucket, key }, { cause });
    }
  }

  private async readJson<T>(key: string): Promise<Versioned<T> | undefined> {
    let text: string;
    let etag: string | undefined;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      text = (await out.Body?.transformToString('utf8')) ?? '';
      etag = out.ETag;
    } catch (cause) {
      if ((cause as { name?: string }).name === 'NoSuchKey') return undefined;
      throw new ReviewBucketError(`GetObject s3://${this.bucket}/${key} failed`, { bucket: this.bucket, key }, { cause });
    }
    if (!etag) throw new ReviewBucketError(`GetObject s3://${this.bucket}/${key} returned no ETag`, { bucket: this.bucket, key });
    try {
      return { body: JSON.parse(text) as T, etag };
    } catch (cause) {
      throw new ReviewBucketError(`s3://${this.bucket}/${key} is not JSON`, { bucket: this.bucket, key }, { cause });
    }
  }

  private async writeJson(key: string, body: unknown, etag: string | undefined): Promise<string | undefined> {
    try {
      const out = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: `${JSON.stringify(body, null, 2)}\n`,
          ContentType: 'application/json',
          ...(etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: etag }),
        }),
      );
      return out.ETag ?? '';
    } catch (cause) {
      if (isPreconditionLost(cause)) return undefined;
      throw new ReviewBucketError(`PutObject s3://${this.bucket}/${key} failed`, { bucket: this.bucket, key }, { cause });
    }
  }
}
