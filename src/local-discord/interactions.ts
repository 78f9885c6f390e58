import type { UserRecord } from './payloads.ts';
import type { InteractionOutcome, StoredMessage } from './types.ts';

/** One interaction the emulator sent, and everything the bot answered to it. */
export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  /** 2 command, 3 component, 4 autocomplete. */
  readonly type: number;
  readonly channelId: string;
  readonly createdAt: number;
  /** For component interactions: the message the button is on (the "original" of a type 6/7 callback). */
  readonly sourceMessageId: string | null;
  /** Who performed it, and the command name (for `interaction_metadata` on response messages). */
  readonly user: UserRecord;
  readonly name?: string;
  callback: { type: number; data?: unknown } | null;
  callbackAt: number | null;
  originalMessageId: string | null;
  /** True once a deferred response (type 5/6) has been edited or followed up. */
  responded: boolean;
  readonly followUpIds: string[];
  choices: { name: string; value: string | number }[] | null;
  lastEventAt: number;
  readonly listeners: Set<() => void>;
}

/** Creates the record for a newly dispatched interaction. */
export function newInteraction(
  fields: Pick<
    InteractionRecord,
    'id' | 'token' | 'type' | 'channelId' | 'sourceMessageId' | 'user' | 'name'
  >,
): InteractionRecord {
  const now = Date.now();
  return {
    ...fields,
    createdAt: now,
    callback: null,
    callbackAt: null,
    originalMessageId: fields.sourceMessageId,
    responded: false,
    followUpIds: [],
    choices: null,
    lastEventAt: now,
    listeners: new Set(),
  };
}

/** Marks that something happened to the interaction and wakes up whoever waits for its outcome. */
export function touch(record: InteractionRecord): void {
  record.lastEventAt = Date.now();
  for (const listener of [...record.listeners]) listener();
}

function changedOrTimeout(record: InteractionRecord, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      record.listeners.delete(done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    record.listeners.add(done);
  });
}

/**
 * Waits until the interaction is settled: no callback by the deadline (it can never be answered then),
 * or a callback and, for deferrals (5/6), the edit or follow-up that completes it, then a quiet period
 * so that follow-ups sent right after are included. Gives up at `waitMs` with what was seen.
 */
export async function waitForSettled(
  record: InteractionRecord,
  timing: { deadlineMs: number; waitMs: number; quietMs: number },
): Promise<void> {
  const giveUpAt = record.createdAt + timing.waitMs;
  for (;;) {
    const now = Date.now();
    if (now >= giveUpAt) return;
    let until: number;
    if (!record.callback) {
      const deadline = record.createdAt + timing.deadlineMs;
      if (now > deadline) return;
      until = deadline + 1;
    } else if ((record.callback.type === 5 || record.callback.type === 6) && !record.responded) {
      until = giveUpAt;
    } else {
      const quietEnd = record.lastEventAt + timing.quietMs;
      if (now >= quietEnd) return;
      until = quietEnd;
    }
    await changedOrTimeout(record, Math.min(until, giveUpAt) - now);
  }
}

/** The outcome the test helpers return, from a record and the message store. */
export function outcomeOf(
  record: InteractionRecord,
  messages: ReadonlyMap<string, StoredMessage>,
): InteractionOutcome {
  const original = record.originalMessageId ? (messages.get(record.originalMessageId) ?? null) : null;
  return {
    interactionId: record.id,
    token: record.token,
    callback: record.callback,
    // A component interaction's "original" is the clicked message only once the bot answered with 6/7.
    original: record.callback && record.callback.type !== 8 && record.callback.type !== 9 ? original : null,
    followUps: record.followUpIds
      .map((id) => messages.get(id))
      .filter((m): m is StoredMessage => m !== undefined),
    choices: record.choices,
    dispatchedAt: record.createdAt,
    callbackAt: record.callbackAt,
  };
}
