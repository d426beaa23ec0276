// A job that cannot do its work yet (an earlier delivery in doubt, a send another runner may still
// be confirming) says so by throwing RetryLater: the runner puts it back for `delayMs` without
// counting the attempt, so waiting never uses up the retry budget meant for failures.
export class RetryLater extends Error {
  override name = "RetryLater";
  constructor(
    readonly delayMs: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}
