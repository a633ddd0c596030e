/** A problem with the user's file, phrased for the user: what happened and what to do. */
export class IngestError extends Error {
  constructor(
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IngestError';
  }
}
