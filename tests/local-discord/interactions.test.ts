import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, type Harness, startHarness, statusOf, until } from './helpers.ts';

describe('local Discord with a real discord.js client', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  describe('login and registration', () => {
    it('lets the client log in and register guild commands', () => {
      expect(h.client.isReady()).toBe(true);
      expect(h.client.guilds.cache.get(h.discord.guildId)?.channels.cache.has(h.discord.channelId)).toBe(
        true,
      );
      expect(h.discord.commands().map((c) => (c as { name: string }).name)).toContain('echo');
      expect(h.discord.guildId).toMatch(/^\d{17,19}$/);
    });
  });

  describe('chat-input commands', () => {
    it('delivers an immediate reply as the original message', async () => {
      const outcome = await h.discord.slashCommand('echo', { text: 'hello' });
      expect(outcome.callback?.type).toBe(4);
      expect(outcome.original?.content).toBe('hello');
      expect(outcome.original?.flags).toBe(0);
      expect(h.discord.channelMessages(h.discord.channelId).some((m) => m.id === outcome.original?.id)).toBe(
        true,
      );
    });

    it('marks ephemeral replies and keeps them out of the channel', async () => {
      const outcome = await h.discord.slashCommand('echo', { text: 'secret', private: 'yes' });
      expect(outcome.original?.flags).toBe(64);
      expect(h.discord.channelMessages(h.discord.channelId).some((m) => m.id === outcome.original?.id)).toBe(
        false,
      );
    });

    it('waits for a deferred reply to be edited, with integer options typed', async () => {
      const outcome = await h.discord.slashCommand('slow', { count: '7' });
      expect(outcome.callback?.type).toBe(5);
      expect(outcome.original?.content).toBe('done 7');
      expect((outcome.original?.flags ?? 128) & 128).toBe(0);
    });

    it("takes the first follow-up after a deferred response as the deferred message, with the deferral's flags", async () => {
      for (const follow of ['public', 'private']) {
        const outcome = await h.discord.slashCommand('slow', { count: '3', follow });
        expect(outcome.callback?.type).toBe(5);
        expect(outcome.original?.content).toBe('first 3');
        expect(outcome.original?.flags).toBe(follow === 'private' ? 64 : 0);
        expect(outcome.followUps.map((m) => m.content)).toEqual(['second 3']);
      }
    });

    it('collects follow-ups and resolves subcommands and channel options', async () => {
      const follow = await h.discord.slashCommand('multi', {}, { subcommand: 'follow' });
      expect(follow.original?.content).toBe('first');
      expect(follow.followUps.map((m) => m.content)).toEqual(['second']);
      const post = await h.discord.slashCommand(
        'multi',
        { where: 'general', ratio: '0.5' },
        { subcommand: 'post' },
      );
      expect(post.original?.content).toBe('posting to general ratio 0.5');
    });

    it('rejects input Discord would never send, naming the problem', async () => {
      await expect(h.discord.slashCommand('echo', {})).rejects.toThrow(/missing required option "text"/);
      await expect(h.discord.slashCommand('slow', { count: 'x' })).rejects.toThrow(/integer/);
      await expect(h.discord.slashCommand('nope')).rejects.toThrow(/unknown command/);
    });

    it('returns the documented body for with_response=true, which discord.js parses', async () => {
      const outcome = await h.discord.slashCommand('respond');
      expect(outcome.callback?.type).toBe(4);
      await until(() => h.state.responseContent !== null);
      expect(h.state.responseContent).toBe('with response');
    });
  });

  describe('autocomplete, buttons and message commands', () => {
    it('sends the focused option and records the choices', async () => {
      const outcome = await h.discord.autocomplete('pick', { fruit: 'ap' }, 'fruit');
      expect(outcome.callback?.type).toBe(8);
      expect(outcome.choices).toEqual([
        { name: 'apple', value: 'apple' },
        { name: 'apricot', value: 'apricot' },
      ]);
    });

    it('presses a button and sees the message updated (type 7)', async () => {
      const reply = await h.discord.slashCommand('pick', { fruit: 'cherry' });
      const message = reply.original;
      if (!message) throw new Error('no reply');
      const pressed = await h.discord.pressButton(message.id, 'more');
      expect(pressed.callback?.type).toBe(7);
      expect(pressed.original?.id).toBe(message.id);
      expect(pressed.original?.content).toBe('pressed more');
      expect(pressed.original?.components).toEqual([]);
    });

    it('handles a deferred update followed by deleting the message', async () => {
      const reply = await h.discord.slashCommand('pick', { fruit: 'banana' });
      const pressed = await h.discord.pressButton(reply.original?.id ?? '', 'delete');
      expect(pressed.callback?.type).toBe(6);
      expect(pressed.original?.deleted).toBe(true);
    });

    it('runs no message command on an ephemeral message (Discord offers no Apps menu there)', async () => {
      const secret = await h.discord.slashCommand('echo', { text: 'secret', private: 'yes' });
      const id = secret.original?.id ?? '';
      await expect(h.discord.messageCommand('Quote it', id)).rejects.toThrow(/ephemeral/u);
    });

    it('runs a message context-menu command on a user message', async () => {
      const target = h.discord.postUserMessage(h.discord.channelId, 'a quotable line');
      const outcome = await h.discord.messageCommand('Quote it', target.id);
      expect(outcome.original?.content).toBe('> a quotable line');
      expect(outcome.original?.flags).toBe(64);
    });
  });

  describe("Discord's interaction rules", () => {
    it('refuses a second callback with 40060', async () => {
      const outcome = await h.discord.slashCommand('echo', { text: 'once' });
      const response = await fetch(
        `${h.discord.restApiBase}/v10/interactions/${outcome.interactionId}/${outcome.token}/callback`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 4, data: { content: 'twice' } }),
        },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 40060 });
    });
  });

  describe('channel messages', () => {
    it('dedupes on nonce with enforce_nonce, and not without it', async () => {
      const channelId = h.discord.createChannel({ name: 'nonces' });
      const body = { content: 'once', nonce: 'n-1', enforce_nonce: true };
      const route = `/channels/${channelId}/messages` as const;
      const first = (await h.client.rest.post(route, { body })) as { id: string };
      const second = (await h.client.rest.post(route, { body })) as { id: string };
      expect(second.id).toBe(first.id);
      expect(h.discord.channelMessages(channelId)).toHaveLength(1);
      await h.client.rest.post(route, { body: { content: 'again', nonce: 'n-1' } });
      expect(h.discord.channelMessages(channelId)).toHaveLength(2);
    });

    it('answers 403 without permission and 404 for a deleted channel', async () => {
      const mute = h.discord.createChannel({ name: 'read-only', botCanSend: false });
      const hidden = h.discord.createChannel({ name: 'hidden', botCanView: false });
      const gone = h.discord.createChannel({ name: 'gone' });
      h.discord.deleteChannel(gone);
      const post = (id: string) =>
        h.client.rest.post(`/channels/${id}/messages`, { body: { content: 'hi' } });
      await expect(post(mute)).rejects.toSatisfy((e) => codeOf(e) === 50013 && statusOf(e) === 403);
      await expect(post(hidden)).rejects.toSatisfy((e) => codeOf(e) === 50001 && statusOf(e) === 403);
      await expect(post(gone)).rejects.toSatisfy((e) => codeOf(e) === 10003 && statusOf(e) === 404);
    });

    it('rejects embeds over the limits with the offending path', async () => {
      const body = { embeds: [{ title: 't'.repeat(257), fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] };
      const error = await h.client.rest
        .post(`/channels/${h.discord.channelId}/messages`, { body })
        .catch((e: unknown) => e);
      expect(codeOf(error)).toBe(50035);
      expect((error as { rawError: { errors: unknown } }).rawError.errors).toMatchObject({
        embeds: { '0': { title: { _errors: [{}] }, fields: { '0': { value: { _errors: [{}] } } } } },
      });
    });

    it('rejects two buttons with one custom_id in a message, naming the second', async () => {
      const button = (label: string) => ({ type: 2, style: 1, label, custom_id: 'same' });
      const body = { content: 'x', components: [{ type: 1, components: [button('a'), button('b')] }] };
      const error = await h.client.rest
        .post(`/channels/${h.discord.channelId}/messages`, { body })
        .catch((e: unknown) => e);
      expect(codeOf(error)).toBe(50035);
      expect((error as { rawError: { errors: unknown } }).rawError.errors).toEqual({
        components: {
          '0': {
            components: {
              '1': {
                custom_id: {
                  _errors: [
                    {
                      code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
                      message: 'Component custom id cannot be duplicated',
                    },
                  ],
                },
              },
            },
          },
        },
      });
    });

    it('rejects an embed URL over 2,048 characters with 400 Invalid Form Body, as Discord does', async () => {
      const body = { embeds: [{ title: 't', url: `https://example.com/${'a'.repeat(3000)}` }] };
      const error = await h.client.rest
        .post(`/channels/${h.discord.channelId}/messages`, { body })
        .catch((e: unknown) => e);
      expect(statusOf(error)).toBe(400);
      expect(codeOf(error)).toBe(50035);
      expect((error as { rawError: { errors: unknown } }).rawError.errors).toEqual({
        embeds: {
          '0': {
            url: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2048 or fewer in length.' }] },
          },
        },
      });
    });

    it('answers 401 without a bot token and a Discord-shaped 404 for unknown routes', async () => {
      const unauthorised = await fetch(
        `${h.discord.restApiBase}/v10/channels/${h.discord.channelId}/messages`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ content: 'hi' }),
        },
      );
      expect(unauthorised.status).toBe(401);
      const unknown = await fetch(`${h.discord.restApiBase}/v10/nowhere`, {
        headers: { Authorization: 'Bot x' },
      });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ message: '404: Not Found', code: 0 });
    });
  });
});

describe('timing rules (short deadlines)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ interactionDeadlineMs: 300, tokenLifetimeMs: 600 });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses a first response after the deadline with 10062 Unknown interaction', async () => {
    h.state.neverDelayMs = 450;
    h.state.errors.length = 0;
    const outcome = await h.discord.slashCommand('never');
    expect(outcome.callback).toBeNull();
    await until(() => h.state.errors.length > 0);
    expect(codeOf(h.state.errors[0])).toBe(10062);
    expect(h.discord.requests.at(-1)?.status).toBe(404);
  });

  it('answers 400 Invalid Form Body when content exceeds 2000 characters', async () => {
    h.state.errors.length = 0;
    const outcome = await h.discord.slashCommand('huge');
    expect(outcome.callback).toBeNull();
    await until(() => h.state.errors.length > 0);
    const error = h.state.errors[0] as { code: number; rawError: { errors: unknown } };
    expect(error.code).toBe(50035);
    expect(error.rawError.errors).toMatchObject({
      data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
  });

  it('refuses webhook edits once the token expired (401, 50027)', async () => {
    const outcome = await h.discord.slashCommand('echo', { text: 'soon stale' });
    await new Promise((r) => setTimeout(r, 650));
    const error = await h.client.rest
      .patch(`/webhooks/${h.discord.applicationId}/${outcome.token}/messages/@original`, {
        body: { content: 'late' },
        auth: false,
      })
      .catch((e: unknown) => e);
    expect(statusOf(error)).toBe(401);
    expect(codeOf(error)).toBe(50027);
  });
});
