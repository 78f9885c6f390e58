/** The application's owner as discord.js reports it: a user, or a team whose members all count. */
export type ApplicationOwner =
  | { readonly id: string; readonly members?: undefined }
  | { readonly id: string; readonly members: { readonly keys: () => Iterable<string> } }
  | null
  | undefined;

/** Parses `FOOTNOTE_OWNER_IDS`: Discord user ids separated by commas or spaces. */
export function parseOwnerIds(raw: string | undefined): string[] {
  return (raw ?? '').split(/[\s,]+/).filter((id) => /^\d{17,20}$/.test(id));
}

/** True when the user may run owner-only commands: a configured owner id, the application owner, or a team member. */
export function isOwner(userId: string, ownerIds: readonly string[], owner: ApplicationOwner): boolean {
  if (ownerIds.includes(userId)) return true;
  if (!owner) return false;
  if (owner.members) return [...owner.members.keys()].includes(userId);
  return owner.id === userId;
}
