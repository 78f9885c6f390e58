import { Writable } from 'node:stream';
import { SlashCommandBuilder } from '@discordjs/builders';
import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyCommand } from '../../src/discord/command.ts';
import type { InteractionOutcome } from '../../src/local-discord/types.ts';
import { createLogger } from '../../src/log.ts';
import { buttonsOf, type Harness, startHarness } from './harness.ts';

// Test-only commands that send a payload Discord refuses (a 2,001-character message), bypassing the reply
// path on purpose, so discord.js throws a DiscordAPIError whose `url` holds the interaction token.
const tooLongReply: AnyCommand = {
  data: new SlashCommandBuilder()
    .setName('toolongreply')
    .setDescription('Sends an invalid reply (test only)'),
  async execute(interaction) {
    await interaction.reply({ content: 'x'.repeat(2001) });
  },
};
const tooLongEdit: AnyCommand = {
  data: new SlashCommandBuilder().setName('toolongedit').setDescription('Sends an invalid edit (test only)'),
  async execute(interaction, context) {
    await context.defer();
    await interaction.editReply({ content: 'x'.repeat(2001) });
  },
};

const MARKER = '[Redacted]';

describe('interaction tokens never reach the log', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ extra: [tooLongReply, tooLongEdit] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The logged error line of an interaction that failed. */
  function failureOf(outcome: InteractionOutcome) {
    const line = h.logs.find(
      (l) => l.interactionId === outcome.interactionId && l.msg === 'interaction failed',
    );
    expect(line, 'the failure is logged').toBeDefined();
    return line as { err: { url?: string; message: string; stack: string }; errorId: string };
  }

  it('a Discord API error on the interaction callback route is logged with the token redacted', async () => {
    const outcome = await h.discord.slashCommand('toolongreply', {});
    // The user still gets a short private message with the error id.
    const message = outcome.followUps.at(-1) ?? outcome.original;
    expect(message?.flags).toBe(MessageFlags.Ephemeral);
    expect(message?.content).toMatch(/error `[0-9a-f]{8}`/);
    const failure = failureOf(outcome);
    expect(failure.err.message).toMatch(/Must be 2000 or fewer/);
    expect(failure.err.url).toContain(`/interactions/${outcome.interactionId}/${MARKER}/callback`);
    expect(h.rawLogs()).not.toContain(outcome.token);
  });

  it('a Discord API error on a webhook (follow-up/edit) route is logged with the token redacted', async () => {
    const outcome = await h.discord.slashCommand('toolongedit', {});
    const failure = failureOf(outcome);
    expect(failure.err.url).toContain(`/webhooks/${h.discord.applicationId}/${MARKER}/messages/`);
    expect(h.rawLogs()).not.toContain(outcome.token);
  });

  it('a double-click on Delete deletes once, tells nobody about an error, and logs no token', async () => {
    const answer = await h.discord.slashCommand('ask', { question: 'Who obtained Directive 24?' });
    const message = answer.original;
    const del = buttonsOf(message).get('Delete') as string;
    // Two presses dispatched before either is handled: the second finds the message already gone (its
    // acknowledgement is then the whole answer, so the emulator waits out `waitMs` for more).
    const presses = await Promise.all([
      h.discord.pressButton(message?.id as string, del, { waitMs: 1000 }),
      h.discord.pressButton(message?.id as string, del, { waitMs: 1000 }),
    ]);
    expect(h.discord.channelMessages(h.discord.channelId).some((m) => m.id === message?.id)).toBe(false);
    for (const press of presses) {
      expect(press.followUps.filter((m) => /went wrong/.test(m.content))).toEqual([]);
      expect(h.rawLogs()).not.toContain(press.token);
    }
  });

  it('no token the bot used appears anywhere in the log', () => {
    const raw = h.rawLogs();
    expect(raw).toContain(MARKER);
    expect(raw).not.toContain(h.discord.botToken);
    for (const request of h.discord.requests) {
      const token = /^\/(?:interactions\/\d+|webhooks\/\d+)\/([^/]+)/.exec(request.path)?.[1];
      if (token) expect(raw).not.toContain(token);
    }
  });
});

describe('createLogger redaction (any string, any field)', () => {
  const BOT_TOKEN = 'MTAxMjM0NTY3ODkwMTIzNDU2Nw.Gx1234.abcdefghijklmnopqrstuvwxyz0123456';
  const TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OmFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6';

  function capture(pretty = false) {
    let raw = '';
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        raw += String(chunk);
        callback();
      },
    });
    const logger = createLogger({ level: 'info', destination: sink, pretty, secrets: [BOT_TOKEN] });
    return { logger, raw: () => raw };
  }

  it('scrubs interaction and webhook tokens from urls, messages, stacks and nested fields', () => {
    const { logger, raw } = capture();
    const err = new Error(
      `request to https://discord.com/api/v10/webhooks/123456789012345678/${TOKEN}/messages/@original failed`,
    );
    Object.assign(err, {
      url: `https://discord.com/api/v10/interactions/223456789012345678/${TOKEN}/callback?with_response=false`,
    });
    logger.error(
      { err, request: { path: `/webhooks/1/${TOKEN}`, list: [`/interactions/9/${TOKEN}/callback`] } },
      `failed: /interactions/9/${TOKEN}/callback`,
    );
    logger.warn(`bot token ${BOT_TOKEN} in a message`);
    logger.info({ note: `Authorization: Bot ${BOT_TOKEN}` }, 'header text');
    expect(raw()).not.toContain(TOKEN);
    expect(raw()).not.toContain(BOT_TOKEN);
    const lines = raw()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0].err.url).toBe(
      'https://discord.com/api/v10/interactions/223456789012345678/[Redacted]/callback?with_response=false',
    );
    expect(lines[0].err.message).toContain('/webhooks/123456789012345678/[Redacted]/messages/@original');
    expect(lines[0].err.stack).toContain('/webhooks/123456789012345678/[Redacted]/messages/@original');
    expect(lines[0].request).toEqual({
      path: '/webhooks/1/[Redacted]',
      list: ['/interactions/9/[Redacted]/callback'],
    });
    expect(lines[0].msg).toBe('failed: /interactions/9/[Redacted]/callback');
    expect(lines[1].msg).toBe('bot token [Redacted] in a message');
    expect(lines[2].note).toBe('Authorization: Bot [Redacted]');
  });

  it('scrubs pretty output too', () => {
    const { logger, raw } = capture(true);
    logger.error(
      { err: Object.assign(new Error('x'), { url: `/interactions/1/${TOKEN}/callback` }) },
      'failed',
    );
    expect(raw()).toContain('/interactions/1/[Redacted]/callback');
    expect(raw()).not.toContain(TOKEN);
  });
});
