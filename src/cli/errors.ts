/** A mistake in how the command line was called (exit status 2, one line on stderr). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
