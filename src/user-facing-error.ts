/**
 * An error whose message is meant for the person who caused it: short, true, and safe to show as is
 * (an empty question, an unknown article, a missing permission). Anything else is a bug: logged with its
 * stack, and the user sees a generic message with an error id.
 */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}
