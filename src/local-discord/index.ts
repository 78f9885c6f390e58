/** The local Discord: a loopback emulator of Discord's REST API and gateway v10, and its terminal chat. */

export { type ChatLine, completeChatLine, parseChatLine } from './chat-parse.ts';
export { CommandInputError } from './command-options.ts';
export { listButtons, type NumberedButton, type RenderOptions, renderMessageAsText } from './render.ts';
export { startLocalDiscord } from './server.ts';
export { runTerminalChat, type TerminalChatOptions } from './terminal.ts';
export type * from './types.ts';
