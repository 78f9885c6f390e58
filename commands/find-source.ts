import { ContextMenuCommandBuilder } from '@discordjs/builders';
import { ApplicationCommandType, type Message, type MessageContextMenuCommandInteraction } from 'discord.js';
import { citeLookups, extractLookups } from '../src/cite/cite.ts';
import { type Command, UserFacingError } from '../src/discord/command.ts';
import { NOTHING_TO_LOOK_UP, renderCiteReply } from '../src/discord/render/cite.ts';

/** The text of a message to look up: its content, or (for a bot's embed-only message) its embed texts. */
function messageText(message: Pick<Message, 'content' | 'embeds'>): string {
  if (message.content.trim() !== '') return message.content;
  return message.embeds
    .map((embed) => [embed.title, embed.description].filter(Boolean).join('\n'))
    .join('\n\n');
}

export default {
  data: new ContextMenuCommandBuilder().setName('Find source').setType(ApplicationCommandType.Message),
  examples: ['Right-click a message → Apps → Find source'],

  async execute(interaction, context) {
    const lookups = extractLookups(messageText(interaction.targetMessage));
    if (lookups.length === 0) throw new UserFacingError(NOTHING_TO_LOOK_UP);
    // Private first, as it may sit under someone's casual message; "Post publicly" shares it.
    await context.defer({ ephemeral: true });
    const report = await citeLookups(lookups, context.library);
    context.logger.debug({ kinds: report.lookups.map((r) => r.matches[0]?.kind ?? 'none') }, 'cited message');
    await context.reply(renderCiteReply(report, { private: true, mention: context.mention }));
  },
} satisfies Command<MessageContextMenuCommandInteraction>;
