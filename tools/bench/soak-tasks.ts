/** The soak benchmark's interactions: the kinds of task it sends, and what each measured. */
import type { InteractionOutcome, LocalDiscord } from '../../src/local-discord/index.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import type { SoakLibrary } from './soak-library.ts';
import type { Measured } from './soak-report.ts';

/** The custom_id of a message's button with this label. */
function button(
  message: { components: readonly unknown[] } | null | undefined,
  label: string,
): string | undefined {
  for (const row of (message?.components ?? []) as {
    components?: { label?: string; custom_id?: string }[];
  }[])
    for (const component of row.components ?? []) if (component.label === label) return component.custom_id;
  return undefined;
}

/** The message an interaction ended with: its last follow-up, or its (edited) original response. */
export const shown = (outcome: InteractionOutcome) => outcome.followUps.at(-1) ?? outcome.original;

/** Runs the soak's interactions: each task sends one or two (a button is pressed on the answer it got). */
export class Interactions {
  readonly measured: Measured[] = [];
  private readonly random = seededRandom(99);

  constructor(
    readonly discord: LocalDiscord,
    readonly library: SoakLibrary,
    skip: readonly string[],
  ) {
    this.tasks = SOAK_TASKS.filter((task) => !skip.includes(task.name));
    if (this.tasks.length === 0) throw new Error('bench soak: every kind of task is skipped');
  }

  pickFrom<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  coin(): boolean {
    return this.random() < 0.5;
  }

  quote(): string {
    return this.pickFrom(this.library.quotes);
  }

  /** `/ask` a question of the library, publicly or privately. */
  ask(privately: boolean): Promise<InteractionOutcome> {
    const question = this.pickFrom(this.library.questions);
    return this.discord
      .slashCommand('ask', privately ? { question, private: true } : { question }, WAIT)
      .then((outcome) => this.record('ask', outcome));
  }

  /** Presses the button labelled `label` on the answer `on` ended with, if it has one. */
  async press(kind: string, on: InteractionOutcome, label: string): Promise<void> {
    const message = shown(on);
    const id = button(message, label);
    if (message && id) this.record(kind, await this.discord.pressButton(message.id, id, WAIT));
  }

  record(kind: string, outcome: InteractionOutcome): InteractionOutcome {
    const last = this.discord.requests.findLast(
      (r) => r.at >= outcome.dispatchedAt && r.path.includes(`/${outcome.token}/`),
    );
    const message = shown(outcome);
    this.measured.push({
      kind,
      at: outcome.dispatchedAt,
      callbackMs: outcome.callbackAt === null ? null : outcome.callbackAt - outcome.dispatchedAt,
      finalMs: (last?.at ?? outcome.callbackAt ?? Number.POSITIVE_INFINITY) - outcome.dispatchedAt,
      failed: /error id/iu.test(message?.content ?? ''),
    });
    return outcome;
  }

  /** One task drawn at random (by weight, among those not skipped); resolves once its interactions are settled. */
  async task(): Promise<void> {
    const total = this.tasks.reduce((sum, task) => sum + task.weight, 0);
    let draw = this.random() * total;
    for (const task of this.tasks) {
      draw -= task.weight;
      if (draw < 0 || task === this.tasks.at(-1)) return task.run.call(this);
    }
  }

  private readonly tasks: readonly SoakTask[];
}

/** A kind of task the soak sends, drawn with probability ∝ `weight`. */
interface SoakTask {
  readonly name: string;
  readonly weight: number;
  run(this: Interactions): Promise<void>;
}

const WAIT = { waitMs: 60_000 };

/** What the soak sends: `/ask` (public, then More; private, then Post publicly), /cite, Find source, /timeline (and Next), /today. */
export const SOAK_TASKS: readonly SoakTask[] = [
  {
    name: 'ask',
    weight: 0.3,
    async run() {
      await this.ask(false);
    },
  },
  {
    name: 'more',
    weight: 0.1,
    async run() {
      await this.press('button More', await this.ask(false), 'More');
    },
  },
  {
    name: 'post',
    weight: 0.1,
    async run() {
      await this.press('button Post publicly', await this.ask(true), 'Post publicly');
    },
  },
  {
    name: 'cite',
    weight: 0.15,
    async run() {
      this.record('cite', await this.discord.slashCommand('cite', { text: `"${this.quote()}"` }, WAIT));
    },
  },
  {
    name: 'find-source',
    weight: 0.1,
    async run() {
      const d = this.discord;
      const target = d.postUserMessage(d.channelId, `Someone wrote: ${this.quote()}`);
      this.record('Find source', await d.messageCommand('Find source', target.id, WAIT));
    },
  },
  {
    name: 'timeline',
    weight: 0.15,
    async run() {
      const query = this.pickFrom(this.library.timelineQueries);
      const page = this.record('timeline', await this.discord.slashCommand('timeline', { query }, WAIT));
      if (this.coin()) await this.press('button Next', page, 'Next');
    },
  },
  {
    name: 'today',
    weight: 0.1,
    async run() {
      this.record('today', await this.discord.slashCommand('today', {}, WAIT));
    },
  },
];
