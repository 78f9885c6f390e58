import { SlashCommandBuilder } from '@discordjs/builders';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Command } from '../src/discord/command.ts';
import { isOwner } from '../src/discord/owner.ts';
import { renderReloadOutcome } from '../src/discord/render/reload.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('reload')
    .setDescription('Owner only: re-read the articles folder and swap in the new index')
    // Listed only for administrators (server admins can change that); the owner check below is what decides.
    .setDefaultMemberPermissions(PermissionFlagsBits.Administrator),
  examples: ['/reload'],

  async execute(interaction, context) {
    await context.defer({ ephemeral: true });
    const application = interaction.client.application;
    const owner = application.owner ?? (await application.fetch()).owner;
    if (!isOwner(interaction.user.id, context.ownerIds, owner)) {
      await context.reply({ ephemeral: true, content: 'Only the bot owner can reload the library.' });
      return;
    }
    if (!context.reloadLibrary) {
      await context.reply({ ephemeral: true, content: 'Reloading is not available in this process.' });
      return;
    }
    const outcome = await context.reloadLibrary(`/reload by ${interaction.user.id}`);
    await context.reply(renderReloadOutcome(outcome));
  },
} satisfies Command;
