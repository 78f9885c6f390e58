import type { ReloadOutcome } from './library-holder.ts';

// What `/reload` needs from the bot, added to the command context until the bot's own CommandContext
// declares it. The bot fills these from its LibraryHolder and configuration (see the wiring notes).
declare module '../discord/command.ts' {
  interface CommandContext {
    /** Rebuilds the library and swaps it in; undefined when this process cannot reload. */
    readonly reloadLibrary?: ((trigger: string) => Promise<ReloadOutcome>) | undefined;
    /** Extra owner user ids (`FOOTNOTE_OWNER_IDS`), besides the application owner. */
    readonly ownerIds?: readonly string[] | undefined;
  }
}
