/**
 * Discord's documented message limits (https://discord.com/developers/docs/resources/message).
 * The local Discord keeps its own copy on purpose (src/local-discord/limits.ts): it is the independent check of
 * what this module enforces, so one wrong number cannot pass both.
 */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthor: 256,
  /** Every URL in an embed (`url`, `author.url`, icon, image and thumbnail URLs). */
  embedUrl: 2048,
  /** Sum of all text in all embeds of one message. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;
