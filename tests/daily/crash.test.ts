import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postNonce } from '../../src/discord/daily-poster.ts';
import { type LocalDiscord, startLocalDiscord } from '../../src/local-discord/index.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';

/** Runs one poster tick in a child process; resolves with its exit code or signal and stdout. */
function runChild(
  env: Record<string, string>,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/daily/fixtures/poster-child.ts'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describeEachStore('exactly once under a real crash between send and record', (kind) => {
  let discord: LocalDiscord;
  let env: Record<string, string>;
  let db: TestDatabase;

  beforeAll(async () => {
    discord = await startLocalDiscord({ port: 0 });
    db = await kind.fresh();
    const store = await db.open();
    await store.daily.enable({
      guildId: discord.guildId,
      channelId: discord.channelId,
      time: '09:00',
      timezone: 'UTC',
      firstDate: '2024-03-01',
      now: 0,
    });
    await store.close();
    env = {
      ...db.env,
      DISCORD_API_BASE: discord.restApiBase,
      DISCORD_TOKEN: discord.botToken,
      FOOTNOTE_TEST_BOT_USER_ID: discord.botUserId,
      FOOTNOTE_TEST_CAN_READ_HISTORY: '1',
      FOOTNOTE_TEST_NOW: '2024-03-01T09:00:30Z',
    };
  });
  afterAll(async () => {
    await discord?.close();
  });

  it('the killed process sent the message but recorded nothing; the restarted one does not post again', async () => {
    const crashed = await runChild({ ...env, FOOTNOTE_TEST_CRASH_AFTER_SEND: '1' });
    expect(crashed.signal).toBe('SIGKILL');
    expect(discord.channelMessages(discord.channelId)).toHaveLength(1);
    const store = await db.open();
    expect(await store.daily.post(discord.guildId, '2024-03-01')).toMatchObject({
      status: 'pending',
      uncertain: true,
      attempts: 1,
    });
    await store.close();

    // Restart two minutes of fake time later: the claim of the crashed attempt has expired, the nonce has not.
    const restarted = await runChild({ ...env, FOOTNOTE_TEST_NOW: '2024-03-01T09:02:00Z' });
    expect(restarted.stderr).toBe('');
    expect(JSON.parse(restarted.stdout)).toEqual({ [discord.guildId]: 'sent' });
    const messages = discord.channelMessages(discord.channelId);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.nonce).toBe(postNonce(discord.guildId, '2024-03-01'));
    const after = await db.open();
    expect(await after.daily.post(discord.guildId, '2024-03-01')).toMatchObject({
      status: 'sent',
      messageId: messages[0]?.id,
    });
    await after.close();

    // And another restart the same day does nothing.
    const again = await runChild({ ...env, FOOTNOTE_TEST_NOW: '2024-03-01T18:00:00Z' });
    expect(JSON.parse(again.stdout)).toEqual({ [discord.guildId]: 'done' });
    expect(discord.channelMessages(discord.channelId)).toHaveLength(1);
  }, 60_000);
});
