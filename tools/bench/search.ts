/**
 * `npm run bench [-- --sizes 10000,100000 --engines footnote,minisearch,flexsearch,lunr --json]`: builds corpora of those
 * passage counts and measures each engine in its own process (build, saved size, load, heap, query latency).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScriptArgs } from '../eval/script-args.ts';
import type { ChildRequest, EngineFigures } from './search-child.ts';
import { ENGINE_NAMES, type EngineName } from './search-engines.ts';

const USAGE = `Usage: npm run bench -- [--sizes 10000,100000] [--engines footnote,minisearch,flexsearch,lunr] [--beir DIR]
                       [--timeout SECONDS] [--json]
`;

type Outcome = EngineFigures | { readonly error: string };

interface SizeReport {
  readonly passages: number;
  readonly engines: Partial<Record<EngineName, Outcome>>;
}

const CHILD = fileURLToPath(new URL('./search-child.ts', import.meta.url));

/** Runs one engine at one size in a child process with an honest, separate heap. */
function measure(request: ChildRequest, timeoutSeconds: number): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=20000', '--import', 'tsx', CHILD, JSON.stringify(request)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return done(JSON.parse(stdout) as EngineFigures);
      const reason = signal === 'SIGKILL' ? `timeout after ${timeoutSeconds} s` : `exit ${code}`;
      done({ error: `${reason}${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}` });
    });
  });
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The bench as a Markdown table, one row per size and engine, with ratios to Footnote. */
export function formatBench(sizes: readonly SizeReport[]): string {
  const lines = [
    '| passages | engine | build s | index size | load s | heap | p50 ms | p99 ms | p99 ÷ footnote |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const size of sizes) {
    const footnote = size.engines.footnote;
    for (const [name, outcome] of Object.entries(size.engines)) {
      if (!outcome) continue;
      if ('error' in outcome) {
        lines.push(`| ${size.passages} | ${name} | ${outcome.error} | | | | | | |`);
        continue;
      }
      const ratio = footnote && !('error' in footnote) ? (outcome.p99_ms / footnote.p99_ms).toFixed(1) : '';
      lines.push(
        `| ${size.passages} | ${name} | ${outcome.build_s.toFixed(1)} | ${mib(outcome.index_bytes)} | ` +
          `${outcome.load_s.toFixed(2)} | ${mib(outcome.heap_bytes)} | ${outcome.p50_ms.toFixed(2)} | ` +
          `${outcome.p99_ms.toFixed(2)} | ${ratio}× |`,
      );
    }
  }
  const workers = sizes.flatMap((size) => {
    const footnote = size.engines.footnote;
    return footnote && !('error' in footnote) && footnote.worker
      ? [{ passages: size.passages, ...footnote.worker }]
      : [];
  });
  if (workers.length > 0) {
    lines.push(
      '',
      'Footnote as the bot runs it: the saved index opened in a worker thread, queried by message.',
      '',
      '| passages | open s | main event loop blocked, max ms | p50 ms | p99 ms |',
      '|---:|---:|---:|---:|---:|',
      ...workers.map(
        (w) =>
          `| ${w.passages} | ${w.open_s.toFixed(2)} | ${w.event_loop_max_ms.toFixed(0)} | ${w.p50_ms.toFixed(2)} | ${w.p99_ms.toFixed(2)} |`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = readScriptArgs(
    argv,
    {
      sizes: { type: 'string' },
      engines: { type: 'string' },
      beir: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if ('exit' in parsed) return parsed.exit;
  const { values, flags } = parsed;
  const sizes = (values.sizes ?? '10000,100000').split(',').map(Number);
  const engines = (values.engines ?? ENGINE_NAMES.join(',')).split(',') as EngineName[];
  const timeout = Number(values.timeout ?? 1200);
  if (
    sizes.some((size) => !Number.isInteger(size) || size < 1) ||
    engines.some((e) => !ENGINE_NAMES.includes(e))
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  const beir = resolve(values.beir ?? '../shared/eval/scifact');
  if (!existsSync(join(beir, 'corpus.jsonl'))) {
    process.stderr.write(
      `bench: no BEIR corpus at ${beir}/corpus.jsonl (give the SciFact folder with --beir DIR)\n`,
    );
    return 1;
  }
  const workDir = await mkdtemp(join(tmpdir(), 'footnote-bench-'));
  const report: SizeReport[] = [];
  try {
    for (const size of sizes) {
      const row: SizeReport = { passages: size, engines: {} };
      for (const engine of engines) {
        process.stderr.write(`bench: ${engine} at ${size} passages…\n`);
        const outcome = await measure(
          { engine, size, beir, file: join(workDir, `${engine}-${size}.idx`) },
          timeout,
        );
        row.engines[engine] = outcome;
        await rm(join(workDir, `${engine}-${size}.idx`), { force: true });
      }
      report.push(row);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  process.stdout.write(flags.has('json') ? `${JSON.stringify({ sizes: report })}\n` : formatBench(report));
  return 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  return 1;
});
