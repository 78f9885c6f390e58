/** Reading the Prometheus text format in tests: one sample's value by metric name and labels. */

/** The labels of a sample line, e.g. `{command="ask",outcome="ok"}` → { command: 'ask', outcome: 'ok' }. */
function labelsOf(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/gu)].map((m) => [m[1], m[2]]));
}

/**
 * The value of the sample `name` whose labels are exactly `labels` in a `/metrics` body; undefined when there is
 * no such sample.
 */
export function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  for (const line of body.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)(\{.*\})? (\S+)$/u.exec(line);
    if (!match || match[1] !== name) continue;
    if (JSON.stringify(Object.entries(labelsOf(match[2] ?? '')).sort()) === wanted) return Number(match[3]);
  }
  return undefined;
}
