import { describe, expect, it } from 'vitest';
import { isOwner, parseOwnerIds } from '../../../src/discord/owner.ts';
import { renderReloadOutcome } from '../../../src/discord/render/reload.ts';
import type { Library } from '../../../src/library.ts';
import type { ReloadOutcome } from '../../../src/reload/library-holder.ts';

const OWNER = '111111111111111111';
const OTHER = '222222222222222222';
const library = { articles: new Map([['a', {}]]), passages: new Map([['a#1', {}]]) } as unknown as Library;

describe('/reload permissions', () => {
  it('allows configured owners, the application owner and team members only', () => {
    expect(isOwner(OWNER, [], { id: OWNER })).toBe(true);
    expect(isOwner(OTHER, [], { id: OWNER })).toBe(false);
    expect(isOwner(OTHER, [OTHER], { id: OWNER })).toBe(true);
    expect(isOwner(OTHER, [], { id: 'team', members: { keys: () => [OWNER, OTHER] } })).toBe(true);
    expect(isOwner(OTHER, [], null)).toBe(false);
  });

  it('parses FOOTNOTE_OWNER_IDS, ignoring anything that is not a user id', () => {
    expect(parseOwnerIds(` ${OWNER}, ${OTHER} nope,123`)).toEqual([OWNER, OTHER]);
    expect(parseOwnerIds(undefined)).toEqual([]);
  });
});

describe('renderReloadOutcome', () => {
  it('summarises a successful reload privately', () => {
    const outcome: ReloadOutcome = {
      ok: true,
      library,
      added: ['new-one'],
      removed: [],
      changed: [],
      problems: [],
      ms: 1234,
    };
    const reply = renderReloadOutcome(outcome);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe('Reloaded in 1.2 s: 1 articles, 1 passages.\nAdded (1): `new-one`');
  });

  it('says the current library is kept when the reload failed', () => {
    const reply = renderReloadOutcome({ ok: false, library, error: 'disk on fire', ms: 10 });
    expect(reply.content).toMatch(
      /^Reload failed after 0\.0 s; still answering from the current library \(1 articles\)\.\nReason: disk on fire$/,
    );
  });
});
