import { TallyError } from '../errors/tally-error';

/** A returned review packet or campaign folder that cannot be used as it is: the file, the line and why. */
export class ReviewInputError extends TallyError {
  override readonly name = 'ReviewInputError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    reason: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${reason}`, { file, line });
  }
}

/** Review events EventBridge did not take: the run's state is written, so they are not sent again. */
export class ReviewPublishError extends TallyError {
  override readonly name = 'ReviewPublishError';
  constructor(result: { campaignId?: string; failedEvents: { detailType: string; id: string; errorCode: string }[] }) {
    super(
      `review ${result.campaignId ?? ''}: ${result.failedEvents.length} event(s) not delivered: ${result.failedEvents.map((f) => `${f.detailType} ${f.id} (${f.errorCode})`).join(', ')}`,
      { campaignId: result.campaignId, failed: result.failedEvents },
    );
  }
}
