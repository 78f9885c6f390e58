import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/discord/limits.ts';
import { embedsLength, fitChoices, fitPayload, type ReplyPayload } from '../../src/discord/respond.ts';
import { markdownishText } from './arbitraries.ts';

const text = (max: number) =>
  fc.oneof(markdownishText(40), fc.string({ maxLength: max }), fc.constant('word '.repeat(max / 5)));

const payloads: fc.Arbitrary<ReplyPayload> = fc.record({
  content: fc.option(text(3000), { nil: undefined }),
  embeds: fc.array(
    fc.record({
      title: text(300),
      description: text(5000),
      fields: fc.array(fc.record({ name: text(300), value: text(1200) }), { maxLength: 30 }),
      footer: fc.record({ text: text(2100) }),
    }),
    { maxLength: 12 },
  ),
  components: fc.array(
    fc.record({
      type: fc.constant(ComponentType.ActionRow as const),
      components: fc.array(
        fc.record({
          type: fc.constant(ComponentType.Button as const),
          style: fc.constant(ButtonStyle.Primary as const),
          label: fc.string({ minLength: 1, maxLength: 120 }),
          custom_id: fc.string({ minLength: 1, maxLength: 100 }),
        }),
        { maxLength: 7 },
      ),
    }),
    { maxLength: 7 },
  ),
  ephemeral: fc.boolean(),
});

describe('respond', () => {
  describe('fitPayload', () => {
    it('leaves out embed URLs over 2,048 characters (never cuts them) and keeps the others', () => {
      const long = `https://example.com/${'a'.repeat(2100)}`;
      const ok = 'https://example.com/ok';
      const out = fitPayload({
        embeds: [
          {
            title: 't',
            url: long,
            author: { name: 'a', url: long, icon_url: ok },
            footer: { text: 'f', icon_url: long },
            image: { url: long },
            thumbnail: { url: ok },
          },
          { title: 'u', url: ok },
        ],
      });
      expect(out.embeds[0]).toEqual({
        title: 't',
        author: { name: 'a', icon_url: ok },
        footer: { text: 'f' },
        thumbnail: { url: ok },
      });
      expect(out.embeds[1]).toEqual({ title: 'u', url: ok });
    });

    it('fits every payload inside Discord limits, with mentions off', () => {
      fc.assert(
        fc.property(payloads, (payload) => {
          const out = fitPayload(payload);
          expect(out.allowed_mentions).toEqual({ parse: [] });
          expect(out.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
          expect(out.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
          expect(embedsLength(out.embeds)).toBeLessThanOrEqual(LIMITS.embedTotal);
          for (const embed of out.embeds) {
            expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
            expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
            expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFooter);
            expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
            for (const field of embed.fields ?? []) {
              expect(field.name.length).toBeLessThanOrEqual(LIMITS.embedFieldName);
              expect(field.value.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
            }
          }
          expect(out.components.length).toBeLessThanOrEqual(LIMITS.actionRows);
          for (const row of out.components) {
            expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
            for (const button of row.components) {
              if ('label' in button)
                expect(button.label?.length ?? 0).toBeLessThanOrEqual(LIMITS.buttonLabel);
            }
          }
          expect(out.flags).toBe(payload.ephemeral ? 64 : undefined);
        }),
        { numRuns: 60 },
      );
    });

    it('cuts long content at a sentence end, with an ellipsis', () => {
      const content = `${'This is a sentence. '.repeat(150)}`;
      const out = fitPayload({ content });
      expect(out.content?.length).toBeLessThanOrEqual(2000);
      expect(out.content?.endsWith('sentence.…')).toBe(true);
    });

    it('refuses a custom_id over 100 characters (a bug, not something to truncate)', () => {
      const components = [
        {
          type: ComponentType.ActionRow as const,
          components: [
            {
              type: ComponentType.Button as const,
              style: ButtonStyle.Primary as const,
              label: 'x',
              custom_id: 'x'.repeat(101),
            },
          ],
        },
      ];
      expect(() => fitPayload({ content: 'x', components })).toThrow(/exceeds 100/);
    });
  });

  describe('fitChoices', () => {
    it('keeps ≤ 25 choices with names and values ≤ 100 characters', () => {
      const choices = Array.from({ length: 40 }, (_, i) => ({
        name: `n${i}`.repeat(60),
        value: i % 2 ? 'v'.repeat(101) : `v${i}`,
      }));
      const out = fitChoices(choices);
      expect(out.length).toBe(20);
      for (const choice of out) {
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(String(choice.value).length).toBeLessThanOrEqual(100);
      }
    });
  });
});
