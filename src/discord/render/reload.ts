import type { ReloadOutcome } from '../../reload/library-holder.ts';
import type { ReplyPayload } from '../respond.ts';

const LIST_LIMIT = 10;

function list(label: string, ids: readonly string[]): string | undefined {
  if (ids.length === 0) return undefined;
  const shown = ids.slice(0, LIST_LIMIT).map((id) => `\`${id}\``);
  const more = ids.length > LIST_LIMIT ? ` and ${ids.length - LIST_LIMIT} more` : '';
  return `${label} (${ids.length}): ${shown.join(', ')}${more}`;
}

/** The `/reload` reply (ephemeral): what changed, or why the current library was kept. */
export function renderReloadOutcome(outcome: ReloadOutcome): ReplyPayload {
  const seconds = (outcome.ms / 1000).toFixed(1);
  if (!outcome.ok) {
    return {
      ephemeral: true,
      content: `Reload failed after ${seconds} s; still answering from the current library (${outcome.library.articles.size} articles).\nReason: ${outcome.error.slice(0, 1500)}`,
    };
  }
  const lines = [
    `Reloaded in ${seconds} s: ${outcome.library.articles.size} articles, ${outcome.library.passages.size} passages.`,
    list('Added', outcome.added),
    list('Changed', outcome.changed),
    list('Removed', outcome.removed),
    outcome.added.length + outcome.changed.length + outcome.removed.length === 0
      ? 'No article changed.'
      : undefined,
    outcome.problems.length > 0
      ? `${outcome.problems.length} file(s) skipped: ${outcome.problems
          .slice(0, 3)
          .map((p) => `\`${p.file.split('/').at(-1)}\` (${p.field ? `${p.field}: ` : ''}${p.message})`)
          .join('; ')}`
      : undefined,
  ];
  return { ephemeral: true, content: lines.filter((line) => line !== undefined).join('\n') };
}
