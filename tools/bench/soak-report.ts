/** The soak benchmark's figures: what it measured, and the tables it prints (pure). */

/** Discord's deadline for the first response to an interaction. */
export const DEADLINE_MS = 3000;

/** One interaction the soak sent and what became of it. */
export interface Measured {
  readonly kind: string;
  /** When the local Discord sent INTERACTION_CREATE (epoch ms). */
  readonly at: number;
  /** To the first response, or null when none was accepted (after the deadline Discord refuses it). */
  readonly callbackMs: number | null;
  /** To the last request the bot made for it (the answer itself when it deferred). */
  readonly finalMs: number;
  /** The answer showed an error id (an unexpected error in the bot). */
  readonly failed: boolean;
}

/** A `process metrics` line of the bot. */
export interface MetricsSample {
  readonly at: number;
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  readonly delay: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** A `library reloaded` (or failed) line of the bot. */
export interface ReloadRecord {
  readonly at: number;
  readonly ms: number;
  readonly ok: boolean;
}

export const withinDeadline = (m: Measured): boolean => m.callbackMs !== null && m.callbackMs <= DEADLINE_MS;

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const sortedOf = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}` : '–');
const share = (part: number, whole: number) =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(part === whole ? 0 : 1)}%`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Per kind (and all): count, share within the deadline, p50/p99/max to the callback and to the final answer. */
export function interactionTable(measured: readonly Measured[]): string {
  const kinds = [...new Set(measured.map((m) => m.kind))].sort();
  const row = (kind: string, list: readonly Measured[]) => {
    const callback = sortedOf(list.map((m) => m.callbackMs ?? Number.POSITIVE_INFINITY));
    const final = sortedOf(list.map((m) => m.finalMs));
    return [
      kind,
      String(list.length),
      share(list.filter(withinDeadline).length, list.length),
      String(list.filter((m) => m.failed).length),
      ms(percentile(callback, 50)),
      ms(percentile(callback, 99)),
      ms(callback.at(-1) ?? Number.NaN),
      ms(percentile(final, 50)),
      ms(percentile(final, 99)),
      ms(final.at(-1) ?? Number.NaN),
    ];
  };
  return table(
    ['kind', 'n', '≤3 s', 'errors', 'cb p50', 'cb p99', 'cb max', 'final p50', 'final p99', 'final max'],
    [
      ...kinds.map((kind) =>
        row(
          kind,
          measured.filter((m) => m.kind === kind),
        ),
      ),
      row('all', measured),
    ],
  );
}

/** Reloads: how many, and their durations. */
export function reloadSummary(reloads: readonly ReloadRecord[]): string {
  const done = reloads.filter((r) => r.ok);
  const durations = sortedOf(done.map((r) => r.ms / 1000));
  const s = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} s` : '–');
  return `reloads completed: ${done.length} (failed ${reloads.length - done.length}); duration min ${s(durations[0] ?? Number.NaN)}, median ${s(percentile(durations, 50))}, max ${s(durations.at(-1) ?? Number.NaN)}`;
}

/**
 * Per time slice of `sliceMs` from `start`: interactions sent and late, reloads finished, the bot's RSS and
 * heap range and its event-loop delay (highest p99 and max of the samples in the slice).
 */
export function sliceTable(
  start: number,
  sliceMs: number,
  measured: readonly Measured[],
  samples: readonly MetricsSample[],
  reloads: readonly ReloadRecord[],
): string {
  const end = Math.max(
    start,
    ...measured.map((m) => m.at + (Number.isFinite(m.finalMs) ? m.finalMs : 0)),
    ...samples.map((s) => s.at),
    ...reloads.map((r) => r.at),
  );
  const rows: string[][] = [];
  for (let from = start; from < end; from += sliceMs) {
    const inSlice = <T extends { at: number }>(list: readonly T[]) =>
      list.filter((item) => item.at >= from && item.at < from + sliceMs);
    const sent = inSlice(measured);
    const metrics = inSlice(samples);
    const range = (values: number[]) =>
      values.length === 0 ? '–' : `${Math.min(...values)}–${Math.max(...values)}`;
    const highest = (values: number[]) => (values.length === 0 ? '–' : Math.max(...values).toFixed(0));
    rows.push([
      `${((from - start) / 1000).toFixed(0)} s`,
      String(sent.length),
      String(sent.filter((m) => !withinDeadline(m)).length),
      String(inSlice(reloads).length),
      range(metrics.map((s) => s.rssMiB)),
      range(metrics.map((s) => s.heapUsedMiB)),
      highest(metrics.map((s) => s.delay.p99)),
      highest(metrics.map((s) => s.delay.max)),
    ]);
  }
  return table(
    ['from', 'sent', 'late', 'reloads', 'RSS MiB', 'heap MiB', 'loop p99 ms', 'loop max ms'],
    rows,
  );
}

/** The whole run in one line: RSS range and the event loop's longest delay. */
export function processSummary(samples: readonly MetricsSample[]): string {
  if (samples.length === 0) return 'no process metrics from the bot';
  const rss = samples.map((s) => s.rssMiB);
  const p99 = sortedOf(samples.map((s) => s.delay.p99));
  return `bot RSS ${Math.min(...rss)}–${Math.max(...rss)} MiB; event-loop delay: median of per-second p99 ${percentile(p99, 50).toFixed(0)} ms, highest p99 ${(p99.at(-1) ?? 0).toFixed(0)} ms, max ${Math.max(...samples.map((s) => s.delay.max)).toFixed(0)} ms`;
}
