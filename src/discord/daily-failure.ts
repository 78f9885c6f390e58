/** A Discord error as the poster reports it: a sentence for `/daily status`, and whether nothing was created. */
export function describeFailure(error: unknown, channelId: string): { reason: string; definite: boolean } {
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : null;
  const code = typeof e.code === 'number' ? e.code : null;
  const definite = status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429;
  if (code === 50013)
    return {
      reason: `missing permission to post in <#${channelId}> (Send Messages or Embed Links)`,
      definite,
    };
  if (code === 50001) return { reason: `the bot cannot see <#${channelId}> (View Channel)`, definite };
  if (code === 10003) return { reason: `the channel <#${channelId}> no longer exists`, definite };
  const message = typeof e.message === 'string' ? e.message.slice(0, 200) : String(error);
  return {
    reason:
      status !== null ? `Discord answered ${status}: ${message}` : `could not reach Discord: ${message}`,
    definite,
  };
}
