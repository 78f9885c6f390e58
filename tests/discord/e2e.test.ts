import { ContextMenuCommandBuilder, SlashCommandBuilder } from '@discordjs/builders';
import { ApplicationCommandType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyCommand } from '../../src/discord/command.ts';
import { commandDefinitions } from '../../src/discord/deploy.ts';
import { LIMITS } from '../../src/discord/limits.ts';
import {
  SPEC_MISSING_MESSAGE,
  specAvailable,
  validateRecordedRequests,
  validateRequest,
} from '../support/openapi-contract.ts';
import { buttonsOf, type Harness, shown, startHarness } from './harness.ts';

const boom: AnyCommand = {
  data: new SlashCommandBuilder().setName('boom').setDescription('Always fails (test only)'),
  async execute() {
    throw new Error('kaboom: a bug in a handler');
  },
};
const boomLater: AnyCommand = {
  data: new SlashCommandBuilder()
    .setName('boomlater')
    .setDescription('Defers publicly, then fails (test only)'),
  async execute(_interaction, context) {
    await context.defer();
    throw new Error('kaboom after defer');
  },
};
const findSource: AnyCommand = {
  data: new ContextMenuCommandBuilder().setName('Echo length').setType(ApplicationCommandType.Message),
  async execute(interaction, context) {
    const target = interaction.isMessageContextMenuCommand() ? interaction.targetMessage.content : '';
    await context.reply({
      content: `That message has ${target.length} characters: ${target}`,
      ephemeral: true,
    });
  },
};

function expectSafe(message: ReturnType<typeof shown>) {
  expect(message.content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(message.allowed_mentions).toEqual({ parse: [] });
  for (const [, id] of buttonsOf(message)) expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
}

describe('the bot on the local Discord (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ extra: [boom, boomLater, findSource] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  describe('start-up', () => {
    it('registers every command of commands/ in the guild', () => {
      const names = (h.discord.commands() as { name: string }[]).map((c) => c.name).sort();
      expect(names).toEqual(expect.arrayContaining(['about', 'article', 'ask', 'help', 'sources']));
    });
  });

  describe('/ask', () => {
    it('answers with a block quote, bold matched words, a numbered citation with a masked link', async () => {
      const outcome = await h.discord.slashCommand('ask', { question: 'Who obtained Directive 24?' });
      expect(outcome.callback?.type).toBe(5); // deferred, then edited
      const message = shown(outcome);
      expectSafe(message);
      expect(message.content.split('\n')[0]).toBe('**Who obtained Directive 24?**');
      expect(message.content).toMatch(/^> .*Project88.*\*\*Directive 24\*\*/m);
      expect(message.content).toMatch(
        /\*\*\[1\]\*\* \[Communist Party document[^\]]*\]\(<https:\/\/www\.chokhleipar\.info\/[^>]*#:~:text=[^>]+>\) — chokhleipar\.info, 2024-03-01, ¶ \d+/,
      );
      expect(message.flags & MessageFlags.Ephemeral).toBe(0);
      expect([...buttonsOf(message).keys()]).toContain('Delete');
    });

    it('answers privately with a "Post publicly" button that posts a public copy', async () => {
      const outcome = await h.discord.slashCommand('ask', { question: 'hostile forces', private: true });
      const message = shown(outcome);
      expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      const post = buttonsOf(message).get('Post publicly');
      expect(post).toBeDefined();
      expect(buttonsOf(message).has('Delete')).toBe(false);
      const pressed = await h.discord.pressButton(message.id, post as string);
      const copy = shown(pressed);
      expectSafe(copy);
      expect(copy.flags & MessageFlags.Ephemeral).toBe(0);
      expect(copy.content).toContain(`Asked by <@${h.discord.userId}>`);
      expect(copy.content).toMatch(/^> .*\*\*hostile/m);
    });

    it('pages with "More": the next results continue the numbering', async () => {
      const outcome = await h.discord.slashCommand('ask', {
        question: 'Why does Vietnam let China train its cadres?',
      });
      const first = shown(outcome);
      expect(first.content).toContain('**[1]**');
      const more = buttonsOf(first).get('More');
      expect(more).toBeDefined();
      const next = shown(await h.discord.pressButton(first.id, more as string));
      expectSafe(next);
      expect(next.id).not.toBe(first.id);
      expect(next.content.split('\n')[0]).toBe(first.content.split('\n')[0]);
      const firstRanks = [...first.content.matchAll(/\*\*\[(\d+)\]\*\*/g)].map((m) => Number(m[1]));
      const nextRanks = [...next.content.matchAll(/\*\*\[(\d+)\]\*\*/g)].map((m) => Number(m[1]));
      expect(nextRanks[0]).toBe((firstRanks.at(-1) ?? 0) + 1);
    });

    it('"More" works for a question too long for custom_id, by reading it back from the message', async () => {
      const question =
        'Why does Vietnam let China train its cadres, and what did the joint statements of Vietnam and China say about cadre training?';
      const first = shown(await h.discord.slashCommand('ask', { question }));
      const more = buttonsOf(first).get('More');
      expect(more).toMatch(/:#[0-9a-z]+$/);
      const next = shown(await h.discord.pressButton(first.id, more as string));
      expect(next.content).not.toContain('ask it again');
      expect(next.content).toMatch(/\*\*\[4\]\*\*/);
    });

    it('lets only the asker delete the answer', async () => {
      const message = shown(await h.discord.slashCommand('ask', { question: 'hostile forces' }));
      const del = buttonsOf(message).get('Delete') as string;
      const stranger = await h.discord.pressButton(message.id, del, { userId: '222222222222222222' });
      expect(shown(stranger).content).toContain('Only the person who asked');
      expect(shown(stranger).flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(h.discord.channelMessages(h.discord.channelId).some((m) => m.id === message.id)).toBe(true);
      const owner = await h.discord.pressButton(message.id, del);
      expect(owner.callback?.type).toBe(6);
      expect(h.discord.channelMessages(h.discord.channelId).some((m) => m.id === message.id)).toBe(false);
    });

    it('abstains readably, naming the nearest articles when there are any', async () => {
      const near = shown(
        await h.discord.slashCommand('ask', {
          question: 'What did Vietnam say about bananas and the moon landing?',
        }),
      );
      expectSafe(near);
      expect(near.content).toContain("I couldn't find this in the library.\n");
      expect(near.content).toContain('No article has these words: *bananas*, *moon*, *landing*.');
      expect(near.content).toContain('\nNearest articles: [');
      expect(near.content).toContain('](<https://');
      expect(near.content).not.toMatch(/^> /m);
      const none = shown(
        await h.discord.slashCommand('ask', { question: 'What is the airspeed of an unladen swallow?' }),
      );
      expect(none.content).toContain("I couldn't find this in the library.\n");
      expect(none.content).toContain('No article comes close.');
      // The command it names is a clickable mention with the id Discord gave it.
      const sources = (h.discord.commands() as { id: string; name: string }[]).find(
        (c) => c.name === 'sources',
      );
      expect(none.content).toContain(`</sources:${sources?.id}> lists what the library holds.`);
    });

    it('"Show closest passage" shows it under the abstention, in place, labelled as not an answer', async () => {
      const near = shown(
        await h.discord.slashCommand('ask', {
          question: 'What did Vietnam say about bananas and the moon landing?',
        }),
      );
      const show = buttonsOf(near).get('Show closest passage');
      expect(show).toBeDefined();
      await h.discord.pressButton(near.id, show as string);
      const updated = h.discord.channelMessages(h.discord.channelId).find((m) => m.id === near.id);
      expect(updated).toBeDefined();
      if (!updated) return;
      expectSafe(updated);
      expect(updated.content.startsWith(near.content)).toBe(true);
      expect(updated.content).toContain('Closest passage — **not an answer**');
      expect(updated.content).toMatch(/^> /m);
      expect(buttonsOf(updated).has('Show closest passage')).toBe(false);
    });

    it('limits the search to one article chosen by autocomplete', async () => {
      const auto = await h.discord.autocomplete('ask', { question: 'train', article: 'upgr' }, 'article');
      const choice = auto.choices?.[0];
      expect(choice?.name).toMatch(/^Upgrading relations/);
      const message = shown(
        await h.discord.slashCommand('ask', {
          question: 'cadres trained in China',
          article: String(choice?.value),
        }),
      );
      expect(message.content).toContain('Searching only “Upgrading relations');
      expect(message.content).not.toContain('chokhleipar.info, 2024');
    });

    it('an abstention on one article says it searched that article, and "Search everything" answers from the library in place', async () => {
      const auto = await h.discord.autocomplete('ask', { question: 'x', article: 'upgr' }, 'article');
      const article = String(auto.choices?.[0]?.value);
      // Directive 24 is in the other seed article, not in "Upgrading relations…".
      const question = 'What does Directive 24 warn about?';
      const abstained = shown(await h.discord.slashCommand('ask', { question, article }));
      expectSafe(abstained);
      expect(abstained.content).toMatch(/I couldn't find this in “Upgrading relations[^”]*”\./);
      expect(abstained.content).not.toContain('in the library');
      const everything = buttonsOf(abstained).get('Search everything');
      expect(everything).toBeDefined();
      await h.discord.pressButton(abstained.id, everything as string);
      const updated = h.discord.channelMessages(h.discord.channelId).find((m) => m.id === abstained.id);
      expect(updated).toBeDefined();
      if (!updated) return;
      expectSafe(updated);
      expect(updated.content).not.toContain('Searching only');
      expect(updated.content).toMatch(/^> .*Directive 24/m);
      expect(buttonsOf(updated).has('Search everything')).toBe(false);
    });

    it('escapes the question: markdown and mentions show as typed', async () => {
      const message = shown(
        await h.discord.slashCommand('ask', { question: '**Directive 24** @everyone <@123456789012345678>' }),
      );
      const firstLine = message.content.split('\n')[0] ?? '';
      expect(firstLine).toContain('\\*\\*Directive 24\\*\\*');
      expect(firstLine).not.toMatch(/(^|[^\u200b])@everyone/);
      expect(message.allowed_mentions).toEqual({ parse: [] });
    });

    it('refuses an empty question with a short ephemeral message', async () => {
      const outcome = await h.discord.slashCommand('ask', { question: '   ' });
      const message = shown(outcome);
      expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(message.content).toMatch(/question is empty/i);
    });
  });

  describe('/article', () => {
    it('autocompletes titles inside the limits', async () => {
      const outcome = await h.discord.autocomplete('article', { title: 'comm' }, 'title');
      expect(outcome.choices?.length).toBeGreaterThan(0);
      expect(outcome.choices?.length).toBeLessThanOrEqual(25);
      for (const choice of outcome.choices ?? []) {
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(String(choice.value).length).toBeLessThanOrEqual(100);
      }
      expect(outcome.choices?.[0]?.value).toBe('hostile-forces');
    });

    it('shows metadata, the first paragraph verbatim, and the link', async () => {
      const message = shown(await h.discord.slashCommand('article', { title: 'hostile-forces' }));
      const embed = message.embeds[0] as {
        title: string;
        url: string;
        description: string;
        fields: { name: string; value: string }[];
      };
      expect(embed.url).toBe(h.library.articles.get('hostile-forces')?.url);
      expect(embed.description).toMatch(/^> Vietnam is undoubtedly enjoying its moment in the sun/);
      expect(embed.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['Publisher', 'Published']));
      // Discord shows a masked link whose label is a URL as plain text: the label is words.
      const url = h.library.articles.get('hostile-forces')?.url ?? '';
      expect(embed.fields.find((f) => f.name === 'Read it')?.value).toBe(`[Read the full article](<${url}>)`);
      expect(message.allowed_mentions).toEqual({ parse: [] });
    });

    it('says so when no article matches', async () => {
      const message = shown(await h.discord.slashCommand('article', { title: 'zzzz qqqq' }));
      expect(message.content).toMatch(/No article matches/);
      expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    });
  });

  describe('/sources, /help, /about', () => {
    it('/sources lists the library', async () => {
      const message = shown(await h.discord.slashCommand('sources', {}));
      const embed = message.embeds[0] as { title: string; description: string };
      expect(embed.title).toBe('Library — page 1 of 1');
      expect(embed.description).toContain('Communist Party document');
      expect(embed.description).toContain('Upgrading relations with US');
    });

    it('/help lists every loaded command, including ones added later', async () => {
      const message = shown(await h.discord.slashCommand('help', {}));
      const text = JSON.stringify(message.embeds);
      for (const name of ['/ask', '/article', '/sources', '/about', '/boom', 'Apps → Echo length'])
        expect(text).toContain(name);
      expect(text).toContain('Who obtained Directive 24?');
      // Each command is a clickable mention with the id Discord gave it.
      const ids = new Map(
        (h.discord.commands() as { id: string; name: string }[]).map((c) => [c.name, c.id]),
      );
      expect(text).toContain(`</ask:${ids.get('ask')}> — `);
      expect(text).toContain(`</sources:${ids.get('sources')}> — `);
    });

    it('/about shows counts, dates and the version', async () => {
      const message = shown(await h.discord.slashCommand('about', {}));
      const fields = (message.embeds[0] as { fields: { name: string; value: string }[] }).fields;
      const byName = Object.fromEntries(fields.map((f) => [f.name, f.value]));
      expect(byName.Articles).toBe(String(h.library.stats.articles));
      expect(byName.Passages).toBe(String(h.library.stats.passages));
      expect(byName['Corpus dates']).toBe('2023-09-30 to 2024-03-01');
      expect(byName.Version).toMatch(/^\d+\.\d+\.\d+/);
    });
  });

  describe('context-menu commands', () => {
    it('dispatches a message command to its handler', async () => {
      const target = h.discord.postUserMessage(h.discord.channelId, 'hello there');
      const message = shown(await h.discord.messageCommand('Echo length', target.id));
      expect(message.content).toContain('11 characters');
    });
  });

  describe('errors', () => {
    it('answers an unexpected error with a generic ephemeral message and an error id, logged with its stack', async () => {
      const message = shown(await h.discord.slashCommand('boom', {}));
      expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      const id = /error `([0-9a-f]{8})`/.exec(message.content)?.[1];
      expect(id).toBeDefined();
      const logged = h.logs.find((line) => line.errorId === id) as {
        err?: { stack?: string };
        command?: string;
      };
      expect(logged?.err?.stack).toContain('kaboom');
      expect(logged?.command).toBe('boom');
      expect(message.content).not.toContain('kaboom');
    });

    it('replaces a public "thinking…" placeholder with a private error', async () => {
      const outcome = await h.discord.slashCommand('boomlater', {});
      expect(outcome.original?.deleted ?? outcome.original === null).toBe(true);
      const follow = outcome.followUps.at(-1);
      expect(follow?.flags).toBe(MessageFlags.Ephemeral);
      expect(follow?.content).toMatch(/error `[0-9a-f]{8}`/);
    });

    it('keeps answering after a failure', async () => {
      await h.discord.slashCommand('boom', {});
      const message = shown(await h.discord.slashCommand('about', {}));
      expect(message.embeds.length).toBe(1);
    });

    it('never logs the bot token', () => {
      expect(h.rawLogs()).not.toContain(h.discord.botToken);
    });
  });

  // Runs last: checks every request the tests above made the bot send.
  describe('contract with ../shared/discord-api-spec/openapi.json', () => {
    /**
     * One known disagreement: Discord's docs type `default_member_permissions` as a string of digits (what
     * @discordjs/builders sends); the OpenAPI file says integer. The spec's README says the docs win, so that
     * one error is accepted when the value is a digit string; every other error fails.
     */
    const DOCUMENTED_STRING = /default_member_permissions must be integer,null/;
    const realErrors = (errors: readonly string[]) =>
      errors.filter((error) => !DOCUMENTED_STRING.test(error));
    const permissionsAreDigitStrings = (body: unknown) =>
      (Array.isArray(body) ? body : []).every(
        (c: { default_member_permissions?: unknown }) =>
          c.default_member_permissions == null || /^\d+$/.test(String(c.default_member_permissions)),
      );

    const title = (what: string) => (specAvailable() ? what : `${what} — SKIPPED: ${SPEC_MISSING_MESSAGE}`);

    it.skipIf(!specAvailable())(
      title('every REST request body the bot sent validates against its route'),
      () => {
        const result = validateRecordedRequests(h.discord.requests);
        expect(result.failures.filter((f) => realErrors(f.errors).length > 0)).toEqual([]);
        expect(result.checked).toBeGreaterThan(20);
        const operations = new Set(h.discord.requests.map((r) => r.operationId));
        for (const op of [
          'create_interaction_response',
          'update_original_webhook_message',
          'execute_webhook',
        ]) {
          expect(operations).toContain(op);
        }
      },
    );

    it.skipIf(!specAvailable())(
      title('the command definitions validate against the bulk-overwrite schema'),
      () => {
        const body = commandDefinitions(h.bot.commands.values());
        expect(permissionsAreDigitStrings(body)).toBe(true);
        expect(realErrors(validateRequest('bulk_set_guild_application_commands', body).errors)).toEqual([]);
        expect(realErrors(validateRequest('bulk_set_application_commands', body).errors)).toEqual([]);
      },
    );
  });
});
