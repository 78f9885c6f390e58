import type { FieldError } from './api-errors.ts';

/** Discord's documented message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  componentsV2Total: 40,
  componentsV2Text: 4000,
  /** Every URL in an embed (`url`, `author.url`, `icon_url`s, `image.url`, …): OpenAPI `maxLength: 2048`. */
  embedUrl: 2048,
} as const;

/** Message flag bits the emulator understands. */
export const MessageFlag = { Ephemeral: 1 << 6, Loading: 1 << 7, IsComponentsV2: 1 << 15 } as const;

/** A problem found in a request body, at a path below the body. */
export interface Problem {
  readonly path: readonly (string | number)[];
  readonly error: FieldError;
}

type Path = readonly (string | number)[];

const tooLong = (path: Path, max: number): Problem => ({
  path,
  error: { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` },
});

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function checkLength(problems: Problem[], path: Path, value: unknown, max: number): void {
  if (typeof value === 'string' && [...value].length > max) problems.push(tooLong(path, max));
}

/** Embed text counted towards the 6000-character total: title, description, field names/values, footer, author. */
export function embedTextLength(embed: Record<string, unknown>): number {
  const fields = Array.isArray(embed.fields) ? embed.fields.filter(isRecord) : [];
  const parts = [
    text(embed.title),
    text(embed.description),
    ...fields.flatMap((f) => [text(f.name), text(f.value)]),
    isRecord(embed.footer) ? text(embed.footer.text) : '',
    isRecord(embed.author) ? text(embed.author.name) : '',
  ];
  return parts.reduce((sum, p) => sum + [...p].length, 0);
}

/**
 * An embed URL as Discord checks it: at most 2,048 characters, then a scheme it supports ("Scheme "ftp" is not
 * supported…"), then well formed ("Not a well formed URL."). Images may also be `attachment://` files.
 */
function checkUrl(problems: Problem[], path: Path, value: unknown, image = false): void {
  if (typeof value !== 'string') return;
  if ([...value].length > LIMITS.embedUrl) {
    problems.push(tooLong(path, LIMITS.embedUrl));
    return;
  }
  const schemes = image ? ['http', 'https', 'attachment'] : ['http', 'https'];
  const scheme = value === '' ? '' : /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1];
  if (scheme !== undefined && !schemes.includes(scheme.toLowerCase())) {
    const allowed = schemes.map((s) => `'${s}'`).join(', ');
    problems.push({
      path,
      error: {
        code: 'URL_TYPE_INVALID_SCHEME',
        message: `Scheme "${scheme}" is not supported. Scheme must be one of (${allowed}).`,
      },
    });
    return;
  }
  if (scheme === undefined || !URL.canParse(value) || new URL(value).host === '') {
    problems.push({ path, error: { code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' } });
  }
}

function checkEmbedUrls(problems: Problem[], embed: Record<string, unknown>, at: Path): void {
  checkUrl(problems, [...at, 'url'], embed.url);
  if (isRecord(embed.author)) {
    checkUrl(problems, [...at, 'author', 'url'], embed.author.url);
    checkUrl(problems, [...at, 'author', 'icon_url'], embed.author.icon_url, true);
  }
  if (isRecord(embed.footer)) checkUrl(problems, [...at, 'footer', 'icon_url'], embed.footer.icon_url, true);
  for (const key of ['image', 'thumbnail'] as const) {
    const media = embed[key];
    if (isRecord(media)) checkUrl(problems, [...at, key, 'url'], media.url, true);
  }
}

function checkEmbeds(problems: Problem[], embeds: unknown, base: Path): void {
  if (!Array.isArray(embeds)) return;
  if (embeds.length > LIMITS.embeds) problems.push(tooLong([...base, 'embeds'], LIMITS.embeds));
  let total = 0;
  embeds.forEach((embed, i) => {
    if (!isRecord(embed)) return;
    const at: Path = [...base, 'embeds', i];
    checkLength(problems, [...at, 'title'], embed.title, LIMITS.embedTitle);
    checkLength(problems, [...at, 'description'], embed.description, LIMITS.embedDescription);
    checkEmbedUrls(problems, embed, at);
    if (isRecord(embed.footer))
      checkLength(problems, [...at, 'footer', 'text'], embed.footer.text, LIMITS.footerText);
    if (isRecord(embed.author))
      checkLength(problems, [...at, 'author', 'name'], embed.author.name, LIMITS.authorName);
    if (Array.isArray(embed.fields)) {
      if (embed.fields.length > LIMITS.embedFields)
        problems.push(tooLong([...at, 'fields'], LIMITS.embedFields));
      embed.fields.forEach((field, j) => {
        if (!isRecord(field)) return;
        checkLength(problems, [...at, 'fields', j, 'name'], field.name, LIMITS.fieldName);
        checkLength(problems, [...at, 'fields', j, 'value'], field.value, LIMITS.fieldValue);
      });
    }
    total += embedTextLength(embed);
  });
  if (total > LIMITS.embedTotal) {
    problems.push({
      path: [...base, 'embeds'],
      error: {
        code: 'MAX_EMBED_SIZE_EXCEEDED',
        message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
      },
    });
  }
}

function checkButton(problems: Problem[], button: Record<string, unknown>, at: Path): void {
  checkLength(problems, [...at, 'custom_id'], button.custom_id, LIMITS.customId);
  checkLength(problems, [...at, 'label'], button.label, LIMITS.buttonLabel);
}

/** Counts every component, nested ones included (Components V2 allows 40 in total). */
function countComponents(components: readonly unknown[]): { count: number; text: number } {
  let count = 0;
  let chars = 0;
  const visit = (c: unknown): void => {
    if (!isRecord(c)) return;
    count += 1;
    if (c.type === 10) chars += [...text(c.content)].length;
    if (Array.isArray(c.components)) c.components.forEach(visit);
    if (isRecord(c.accessory)) visit(c.accessory);
  };
  components.forEach(visit);
  return { count, text: chars };
}

function checkComponents(problems: Problem[], components: unknown, flags: number, base: Path): void {
  if (!Array.isArray(components)) return;
  if ((flags & MessageFlag.IsComponentsV2) !== 0) {
    const { count, text: chars } = countComponents(components);
    if (count > LIMITS.componentsV2Total)
      problems.push(tooLong([...base, 'components'], LIMITS.componentsV2Total));
    if (chars > LIMITS.componentsV2Text) {
      problems.push({
        path: [...base, 'components'],
        error: {
          code: 'COMPONENT_TEXT_TOO_LONG',
          message: `Text display content must be ${LIMITS.componentsV2Text} or fewer in total.`,
        },
      });
    }
    return;
  }
  if (components.length > LIMITS.actionRows)
    problems.push(tooLong([...base, 'components'], LIMITS.actionRows));
  const customIds = new Set<string>();
  components.forEach((row, i) => {
    if (!isRecord(row) || !Array.isArray(row.components)) return;
    const at: Path = [...base, 'components', i, 'components'];
    if (row.components.length > LIMITS.buttonsPerRow) problems.push(tooLong(at, LIMITS.buttonsPerRow));
    row.components.forEach((c, j) => {
      if (!isRecord(c)) return;
      checkButton(problems, c, [...at, j]);
      if (typeof c.custom_id !== 'string') return;
      // Discord refuses two components of one message with the same custom_id.
      if (customIds.has(c.custom_id)) {
        problems.push({
          path: [...at, j, 'custom_id'],
          error: {
            code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
            message: 'Component custom id cannot be duplicated',
          },
        });
      }
      customIds.add(c.custom_id);
    });
  });
}

/** Checks a message body (create, edit, follow-up or interaction response data) against Discord's limits. */
export function checkMessageLimits(body: unknown, base: Path = []): Problem[] {
  if (!isRecord(body)) return [];
  const problems: Problem[] = [];
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  checkLength(problems, [...base, 'content'], body.content, LIMITS.content);
  checkEmbeds(problems, body.embeds, base);
  checkComponents(problems, body.components, flags, base);
  if (typeof body.nonce === 'string') checkLength(problems, [...base, 'nonce'], body.nonce, 25);
  return problems;
}

/** Checks an autocomplete result body (`data.choices`). */
export function checkChoices(data: unknown, base: Path = ['data']): Problem[] {
  if (!isRecord(data) || !Array.isArray(data.choices)) return [];
  const problems: Problem[] = [];
  if (data.choices.length > LIMITS.choices) problems.push(tooLong([...base, 'choices'], LIMITS.choices));
  data.choices.forEach((choice, i) => {
    if (!isRecord(choice)) return;
    checkLength(problems, [...base, 'choices', i, 'name'], choice.name, LIMITS.choiceName);
    checkLength(problems, [...base, 'choices', i, 'value'], choice.value, LIMITS.choiceValue);
  });
  return problems;
}

/** True when a new message would show nothing: Discord answers 50006 Cannot send an empty message. */
export function isEmptyMessage(body: unknown): boolean {
  if (!isRecord(body)) return true;
  const has = (v: unknown): boolean =>
    Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.length > 0;
  return (
    !has(body.content) &&
    !has(body.embeds) &&
    !has(body.components) &&
    !has(body.attachments) &&
    !has(body.sticker_ids) &&
    body.poll == null
  );
}
