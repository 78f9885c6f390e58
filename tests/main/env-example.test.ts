import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, parseConfig } from '../../src/config.ts';

const example = readFileSync(join(import.meta.dirname, '..', '..', '.env.example'), 'utf8');

/** Settings in .env.example, each with the comment lines just above it. */
function documentedSettings(): Map<string, string> {
  const settings = new Map<string, string>();
  let comment: string[] = [];
  for (const line of example.split('\n')) {
    if (line.startsWith('#')) comment.push(line);
    else if (/^[A-Z_]+=/u.test(line)) {
      settings.set(line.slice(0, line.indexOf('=')), comment.join('\n'));
      comment = [];
    } else comment = [];
  }
  return settings;
}

describe('.env.example', () => {
  it('lists every setting the configuration reads, each with a comment, and nothing else', () => {
    const documented = documentedSettings();
    expect([...documented.keys()].sort()).toEqual(Object.keys(configSchema.shape).sort());
    for (const [name, comment] of documented) expect(comment, name).not.toBe('');
  });

  it('is a valid configuration as it stands (a newcomer can copy it to .env)', () => {
    const env = Object.fromEntries(
      [...example.matchAll(/^([A-Z_]+)=(.*)$/gmu)].map((match) => [match[1] as string, match[2] as string]),
    );
    expect(() => parseConfig(env)).not.toThrow();
  });
});
