import { beforeAll, describe, expect, it } from 'vitest';
import { citeMessage } from '../../../src/cite/cite.ts';
import { LIMITS } from '../../../src/discord/limits.ts';
import {
  NOTHING_TO_LOOK_UP,
  renderCiteReply,
  renderLookup,
  renderMarkedSpan,
} from '../../../src/discord/render/cite.ts';
import type { Library } from '../../../src/library.ts';
import { seedLibrary } from '../../cite/fixtures.ts';
import { inlineLibrary } from '../../support/library-files.ts';

let library: Library;
beforeAll(async () => {
  library = await seedLibrary();
});

async function reply(text: string): Promise<string> {
  return renderCiteReply(await citeMessage(text, library)).content ?? '';
}

describe('the /cite and Find source reply', () => {
  it('shows a verbatim match as a block quote with its kind, similarity and linked citation', async () => {
    const content = await reply('"Political opposition is not allowed"');
    expect(content).toContain('**Verbatim match** · similarity 1.00');
    expect(content).toContain('\n> Political opposition is not allowed\n');
    expect(content).toContain(
      '](<https://www.chokhleipar.info/2024/03/01/communist-party-document-that-was-leaked-alerts-vietnam-to-hostile-forces/#:~:text=Political%20opposition%20is%20not%20allowed>)',
    );
    expect(content).toContain('chokhleipar.info, 2024-03-01, ¶ 2');
  });

  it('marks changed and missing words in bold inside the verbatim quote and lists the differences', async () => {
    const content = await reply(
      '"Vietnam used to be recognized for its ability to remain quietly in the strategic shadows, with its leaders mostly unknown to the world"',
    );
    expect(content).toContain('**Close match**');
    expect(content).toContain('> Vietnam used to be **better** recognized');
    expect(content).toContain('unknown to the **outside** world');
    expect(content).toContain('Differences: left out: “better” · left out: “outside”');
  });

  it('strikes through words left out at an ellipsis', async () => {
    const content = await reply(
      '"Prison sentences for dissidents are common … the repression has been even worse"',
    );
    expect(content).toContain(
      '> Prison sentences for dissidents are common, ~~and in recent years~~, the repression',
    );
    expect(content).toContain('left out at the ellipsis: “and in recent years”');
  });

  it('labels related passages as not a match', async () => {
    const content = await reply(
      'A leaked Politburo paper warns that hostile and reactionary forces threaten national security through foreign ties.',
    );
    expect(content).toContain('**Not found as a quote.** Related passages');
    expect(content).toContain('(not a match)');
    expect(content).not.toContain('Verbatim match');
    expect(content).not.toContain('Close match');
  });

  it('says plainly when nothing is found', async () => {
    expect(await reply('"The moon is made of green cheese and nobody disputes it"')).toContain(
      '**Not found** in the library',
    );
  });

  it('escapes the echoed text: no mentions, no markdown from the user', async () => {
    const content = await reply('"@everyone <@123> **bold** the moon is made of cheese"');
    expect(content).not.toContain('@everyone');
    expect(content).not.toMatch(/<@123>/u);
    expect(content).toContain('\\*\\*bold\\*\\*');
  });

  it('escapes markdown in quoted article text so it reads as written', async () => {
    const result = (
      await citeMessage('"Although [as of 2017] has only been General Secretary for 6 years"', library)
    ).lookups[0];
    if (!result?.matches[0]) throw new Error('expected a match');
    expect(renderMarkedSpan(result.matches[0])).toBe(
      '> Although \\[as of 2017\\] has only been General Secretary for 6 years',
    );
    expect(renderLookup(result)).toContain('**Verbatim match**');
  });

  it('stays within 2,000 characters and counts the lookups it could not show', async () => {
    const body = library.articles.get('china-trains-cadres')?.body ?? '';
    const content = await reply(body.slice(0, 4000));
    expect(content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(content).toMatch(/-# \d+ more looked-up texts not shown: use `\/cite` on each\./u);
  });

  it('cuts between lookups, never inside one: every block shown ends with its citation or "Not found"', async () => {
    const words = (stem: string, count: number) =>
      Array.from({ length: count }, (_, i) => `${stem}${i % 37}`).join(' ');
    const first = `The council first said ${words('alpha', 100)} ending here.`;
    const second = `The council then said ${words('beta', 150)} ending there.`;
    const long = await inlineLibrary([{ id: 'long', title: 'Long minutes', body: `${first}\n\n${second}` }]);
    const body = library.articles.get('china-trains-cadres')?.body ?? '';
    const replies = [
      // The second lookup's block does not fit after the first: it is counted, not cut.
      renderCiteReply(await citeMessage(`"${first}" and "${second}"`, long)).content ?? '',
      ...(await Promise.all([1500, 2500, 4000].map((length) => reply(body.slice(0, length))))),
    ];
    expect(replies[0]).toMatch(/-# 1 more looked-up text not shown/u);
    for (const content of replies) {
      const blocks = content.split(/\n\n(?=\*\*Looked up:\*\*)/u);
      for (const block of blocks) {
        const lookup = block.replace(
          /\n\n-# \d+ more looked-up texts? not shown: use `\/cite` on each\.$/u,
          '',
        );
        expect(lookup).toMatch(
          /(¶ \d+( · shared vocabulary [\d.]+)?|no passage quotes it or says the same thing\.)$/u,
        );
      }
    }
  });

  it('shows a shorter block (one related passage) rather than dropping a lookup that does not fit whole', async () => {
    const content = await reply(
      '«Prison sentences for dissidents are common … the repression has been even worse» and "China trains the senior officials of the Vietnamese Communist Party under a 2017 agreement"',
    );
    expect(content).toContain('**Close match**');
    expect(content).toContain('Related passages');
    expect(content).not.toContain('not shown');
    expect(content.length).toBeLessThanOrEqual(LIMITS.content);
  });

  it('shows a legend only for the marks the quote uses', async () => {
    const typo = await reply('"It rains in Beijing, Hanoi holds up an umbrela"');
    expect(typo).toContain('-# **bold**: words your text changed or left out\n');
    const ellipsis = await reply(
      '"Prison sentences for dissidents are common … the repression has been even worse"',
    );
    expect(ellipsis).toContain('-# ~~struck~~: left out at your ellipsis\n');
    expect(await reply('"Political opposition is not allowed"')).not.toContain('-# ');
  });

  it('answers privately when there is nothing to look up', () => {
    expect(renderCiteReply({ lookups: [] })).toEqual({ content: NOTHING_TO_LOOK_UP, ephemeral: true });
  });

  it('is private only when asked', async () => {
    const report = await citeMessage('"Political opposition is not allowed"', library);
    expect(renderCiteReply(report).ephemeral).toBe(false);
    expect(renderCiteReply(report, { private: true }).ephemeral).toBe(true);
  });
});
