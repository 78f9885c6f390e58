/**
 * The local Discord: a loopback emulator of Discord's REST API and gateway v10. This barrel is its whole
 * surface for the rest of the tree (the terminal chat in src/terminal-chat/ imports nothing else of it).
 */

export {
  type CommandDefinition,
  CommandInputError,
  type OptionDefinition,
  OptionType,
} from './command-options.ts';
export { MessageFlag } from './limits.ts';
export { startLocalDiscord } from './server.ts';
export type * from './types.ts';
