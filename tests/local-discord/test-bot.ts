import {
  ActionRowBuilder,
  ButtonBuilder,
  ContextMenuCommandBuilder,
  SlashCommandBuilder,
} from '@discordjs/builders';
import {
  ApplicationCommandType,
  ButtonStyle,
  Client,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { LocalDiscord } from '../../src/local-discord/index.ts';

/** The commands of the tiny test bot: one per way of answering. */
export const testCommands = [
  new SlashCommandBuilder()
    .setName('echo')
    .setDescription('Replies with the text')
    .addStringOption((o) => o.setName('text').setDescription('What to say').setRequired(true))
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see it')),
  new SlashCommandBuilder()
    .setName('slow')
    .setDescription('Defers, then edits')
    .addIntegerOption((o) => o.setName('count').setDescription('How many').setMinValue(1).setMaxValue(10))
    .addStringOption((o) => o.setName('follow').setDescription('Answer with follow-ups instead of an edit')),
  new SlashCommandBuilder()
    .setName('multi')
    .setDescription('Replies and follows up')
    .addSubcommand((s) =>
      s
        .setName('post')
        .setDescription('Post to a channel')
        .addChannelOption((o) => o.setName('where').setDescription('Channel').setRequired(true))
        .addNumberOption((o) => o.setName('ratio').setDescription('A number')),
    )
    .addSubcommand((s) => s.setName('follow').setDescription('Reply and follow up')),
  new SlashCommandBuilder()
    .setName('pick')
    .setDescription('Autocomplete and buttons')
    .addStringOption((o) =>
      o.setName('fruit').setDescription('A fruit').setAutocomplete(true).setRequired(true),
    ),
  new SlashCommandBuilder().setName('never').setDescription('Answers too late'),
  new SlashCommandBuilder().setName('huge').setDescription('Tries to send too much'),
  new SlashCommandBuilder().setName('respond').setDescription('Replies with with_response=true'),
  new ContextMenuCommandBuilder().setName('Quote it').setType(ApplicationCommandType.Message),
];

const FRUITS = ['apple', 'apricot', 'banana', 'blueberry', 'cherry'];

/** Hooks tests can set to change the bot's behaviour. */
export interface TestBotState {
  /** How long /never waits before replying. */
  neverDelayMs: number;
  /** Errors the bot met while answering (e.g. DiscordAPIError from a refused callback). */
  readonly errors: unknown[];
  /** How many times each interaction id reached the handler. */
  readonly handled: Map<string, number>;
  /** The message discord.js parsed from a `with_response=true` callback answer. */
  responseContent: string | null;
}

async function handle(interaction: Interaction, state: TestBotState): Promise<void> {
  state.handled.set(interaction.id, (state.handled.get(interaction.id) ?? 0) + 1);
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused().toLowerCase();
    await interaction.respond(FRUITS.filter((f) => f.startsWith(typed)).map((f) => ({ name: f, value: f })));
    return;
  }
  if (interaction.isButton()) {
    if (interaction.customId === 'delete') {
      await interaction.deferUpdate();
      await interaction.deleteReply();
      return;
    }
    await interaction.update({
      content: `pressed ${interaction.customId}`,
      components: [],
      allowedMentions: { parse: [] },
    });
    return;
  }
  if (interaction.isMessageContextMenuCommand()) {
    await interaction.reply({
      content: `> ${interaction.targetMessage.content}`,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.commandName) {
    case 'echo':
      await interaction.reply({
        content: interaction.options.getString('text', true),
        allowedMentions: { parse: [] },
        ...(interaction.options.getBoolean('private') ? { flags: MessageFlags.Ephemeral } : {}),
      });
      return;
    case 'slow': {
      const follow = interaction.options.getString('follow');
      await interaction.deferReply(follow === 'private' ? { flags: MessageFlags.Ephemeral } : {});
      const count = interaction.options.getInteger('count') ?? 1;
      if (follow === null) {
        await interaction.editReply({ content: `done ${count}`, allowedMentions: { parse: [] } });
        return;
      }
      await interaction.followUp({ content: `first ${count}`, allowedMentions: { parse: [] } });
      await interaction.followUp({ content: `second ${count}`, allowedMentions: { parse: [] } });
      return;
    }
    case 'multi': {
      if (interaction.options.getSubcommand() === 'post') {
        const where = interaction.options.getChannel('where', true);
        const ratio = interaction.options.getNumber('ratio');
        await interaction.reply({
          content: `posting to ${where.name} ratio ${ratio}`,
          allowedMentions: { parse: [] },
        });
        return;
      }
      await interaction.reply({ content: 'first', allowedMentions: { parse: [] } });
      await interaction.followUp({ content: 'second', allowedMentions: { parse: [] } });
      return;
    }
    case 'pick': {
      const fruit = interaction.options.getString('fruit', true);
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary),
        new ButtonBuilder().setCustomId('delete').setLabel('Delete').setStyle(ButtonStyle.Danger),
      );
      await interaction.reply({
        content: `you picked ${fruit}`,
        components: [row.toJSON()],
        allowedMentions: { parse: [] },
      });
      return;
    }
    case 'never':
      await new Promise((r) => setTimeout(r, state.neverDelayMs));
      await interaction.reply({ content: 'too late', allowedMentions: { parse: [] } });
      return;
    case 'respond': {
      const response = await interaction.reply({
        content: 'with response',
        withResponse: true,
        allowedMentions: { parse: [] },
      });
      state.responseContent = response.resource?.message?.content ?? null;
      return;
    }
    case 'huge':
      await interaction.reply({ content: 'x'.repeat(2001), allowedMentions: { parse: [] } });
      return;
  }
}

/** Logs a real discord.js client in to the local Discord, registers the test commands, and answers them. */
export async function startTestBot(
  discord: LocalDiscord,
): Promise<{ client: Client; state: TestBotState; stop: () => Promise<void> }> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: discord.restApiBase, offset: 0 },
    ws: { buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: async () => {} }) },
  } as ConstructorParameters<typeof Client>[0]);
  const state: TestBotState = { neverDelayMs: 0, errors: [], handled: new Map(), responseContent: null };
  client.on('interactionCreate', (interaction) => {
    handle(interaction, state).catch((error: unknown) => state.errors.push(error));
  });
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(discord.botToken);
  await ready;
  await client.rest.put(`/applications/${discord.applicationId}/guilds/${discord.guildId}/commands`, {
    body: testCommands.map((c) => c.toJSON()),
  });
  return {
    client,
    state,
    stop: async () => {
      await client.destroy();
    },
  };
}
