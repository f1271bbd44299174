/** A mistake in how lambda-lint was called or configured: reported without a stack trace, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
