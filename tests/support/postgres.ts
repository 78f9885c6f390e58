/**
 * A throwaway PostgreSQL server for tests: `initdb` into a temporary folder, `pg_ctl start` on a free loopback
 * port (fsync off: the tests kill processes, not machines), one fresh database per test, removed at the end.
 * The server binaries are looked for in FOOTNOTE_PG_BIN, Debian's /usr/lib/postgresql/<version>/bin (newest
 * first), then PATH. PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (Debian's
 * package creates it), else `nobody`, through `runuser`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

const TOOLS = ['initdb', 'pg_ctl', 'postgres'] as const;

const hasTools = (dir: string) => TOOLS.every((tool) => existsSync(join(dir, tool)));

/** The folder holding initdb, pg_ctl and postgres, or why none was found. */
export function findPostgres(): { readonly bin: string } | { readonly missing: string } {
  const configured = process.env.FOOTNOTE_PG_BIN;
  if (configured)
    return hasTools(configured)
      ? { bin: configured }
      : { missing: `FOOTNOTE_PG_BIN=${configured} holds no ${TOOLS.join(', ')}` };
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^\d+$/u.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions)
    if (hasTools(join(debian, version, 'bin'))) return { bin: join(debian, version, 'bin') };
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && hasTools(dir)) return { bin: dir };
  return {
    missing: `no ${TOOLS.join(', ')} in FOOTNOTE_PG_BIN, ${debian}/<version>/bin or PATH (Debian: apt-get install postgresql)`,
  };
}

/** A running throwaway server. */
export interface PostgresServer {
  readonly port: number;
  /** Creates an empty database and returns its URL. */
  newDatabase(): Promise<string>;
  /** Stops the server at once and removes its folder. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Who runs the server: ourselves, or (as root) an unprivileged user. */
function serverUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid, gid };
    } catch {}
  }
  throw new Error(
    'postgres test server: running as root, and neither the postgres nor the nobody user exists',
  );
}

/** Starts a server (see the module's comment); throws with the server's log when it cannot. */
export async function startPostgres(bin: string): Promise<PostgresServer> {
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'footnote-pg-'));
  const data = join(dir, 'data');
  if (user) {
    chmodSync(dir, 0o700);
    chownSync(dir, user.uid, user.gid);
  }
  const run = (tool: string, args: string[]) =>
    user
      ? execFileSync('runuser', ['-u', user.name, '--', join(bin, tool), ...args], {
          stdio: 'pipe',
          cwd: dir,
        })
      : execFileSync(join(bin, tool), args, { stdio: 'pipe', cwd: dir });
  run('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'footnote',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    try {
      run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
      break;
    } catch (error) {
      // The port may have been taken between our check and the server's bind: try another, twice.
      if (attempt >= 3) {
        const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`postgres test server did not start: ${String(error)}\n${log}`);
      }
    }
  }
  let databases = 0;
  return {
    port,
    async newDatabase() {
      databases += 1;
      const name = `footnote_test_${databases}`;
      const admin = new pg.Client({ connectionString: `postgres://footnote@127.0.0.1:${port}/postgres` });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgres://footnote@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
