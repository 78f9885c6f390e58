import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../src/terminal-chat/index.ts';
import { type Harness, startHarness, until } from '../local-discord/helpers.ts';

/** Runs the chat over piped lines and returns everything it printed. */
async function chat(h: Harness, lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  input.end(`${lines.join('\n')}\n`);
  await runTerminalChat({ discord: h.discord, input, output });
  return printed;
}

describe('terminal chat over a pipe', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('runs commands line by line, waiting for each reply, and returns at end of input', async () => {
    const printed = await chat(h, ['/echo text: hello world', '/slow count: 3']);
    expect(printed).toBe('#1 Footnote\nhello world\n#2 Footnote\ndone 3\n');
  });

  it('shows what the bot posts on its own (a daily post) as it arrives', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    const running = runTerminalChat({ discord: h.discord, input, output });
    input.write('/echo text: first\n');
    await until(() => printed.includes('first'));
    await h.client.rest.post(`/channels/${h.discord.channelId}/messages`, {
      body: { content: 'On this day in 1945', allowed_mentions: { parse: [] } },
    });
    await until(() => printed.includes('1945'));
    input.end();
    await running;
    expect(printed).toBe('#1 Footnote\nfirst\n#2 Footnote\nOn this day in 1945\n');
  });

  it('presses buttons by number and shows the updated message', async () => {
    const printed = await chat(h, ['/pick fruit: apple', '1']);
    expect(printed).toMatch(/you picked apple\n\[1\] More {2}\[2\] Delete\n#1 Footnote\npressed more\n$/);
  });

  it('posts plain text as a message and runs a message command on it by number', async () => {
    const printed = await chat(h, ['a line to quote', '/apps Quote it #1']);
    expect(printed).toBe(
      '#1 reader\na line to quote\n#2 Footnote (only you can see this)\n> a line to quote\n',
    );
  });

  it('shows suggestions, help, the command list, and clear errors', async () => {
    const printed = await chat(h, ['?/pick fruit: ap', '/', '/?', '/echo', '/nope', '5']);
    expect(printed).toContain('Suggestions for fruit:\n  apple\n  apricot');
    expect(printed).toContain('/echo — Replies with the text');
    expect(printed).toContain('/apps Find source #3');
    expect(printed).toContain('! /echo: missing required option "text" (required: text)');
    expect(printed).toContain('! unknown command /nope');
    expect(printed).toContain('! there are no buttons to press');
    expect(printed).not.toContain('\u001b[');
  });
});
