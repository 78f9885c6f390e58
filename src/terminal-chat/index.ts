/** The terminal chat: a person talks to the bot on the local Discord (src/local-discord/) from a terminal. */

export { type ChatLine, completeChatLine, parseChatLine } from './chat-parse.ts';
export { listButtons, type NumberedButton, type RenderOptions, renderMessageAsText } from './message-text.ts';
export { runTerminalChat, type TerminalChatOptions } from './terminal.ts';
