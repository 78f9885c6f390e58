import { pathToFileURL } from 'node:url';
import { REST } from 'discord.js';
import { type APIApplication, Routes } from 'discord-api-types/v10';
import { ConfigError, readConfig } from './config.ts';
import { deployCommands } from './discord/deploy.ts';
import { loadCommands } from './discord/loader.ts';

/**
 * `npm run deploy-commands`: registers every command of `commands/` (only their `data` is used) in
 * DISCORD_GUILD_ID (instant; for testing) or, without it, globally (may take up to an hour to appear).
 */
export async function deployCommandsCli(): Promise<number> {
  const out = (text: string) => process.stderr.write(`${text}\n`);
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    out(error.message);
    return 1;
  }
  if (!config.DISCORD_TOKEN) {
    out(
      'deploy-commands: DISCORD_TOKEN is not set, so there is no Discord application to register commands with.\n' +
        'Set DISCORD_TOKEN (and DISCORD_GUILD_ID for instant registration in one server) in .env; see .env.example.\n' +
        'Without a token, `npm start` runs against the local Discord and registers the commands there itself.',
    );
    return 2;
  }
  const rest = new REST(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE } : {}).setToken(
    config.DISCORD_TOKEN,
  );
  const applicationId =
    config.DISCORD_APPLICATION_ID ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const commands = await loadCommands();
  const count = await deployCommands(
    rest,
    { applicationId, guildId: config.DISCORD_GUILD_ID },
    commands.values(),
  );
  const where = config.DISCORD_GUILD_ID
    ? `guild ${config.DISCORD_GUILD_ID}`
    : 'globally (allow up to an hour)';
  process.stdout.write(`Registered ${count} commands ${where}: ${[...commands.keys()].sort().join(', ')}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  deployCommandsCli().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `deploy-commands: failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
