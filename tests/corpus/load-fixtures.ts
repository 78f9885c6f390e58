import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A well-formed article file with every front-matter field. */
export const GOOD = `---
title: A good article
url: https://example.org/good
publisher: Example Press
published: 2024-03-01
tags: [one, two]
---

First paragraph.

Second paragraph.
`;

/** A fresh data folder whose articles/ holds these files. */
export async function folderWith(files: Record<string, string>): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'footnote-load-'));
  await mkdir(join(dataDir, 'articles'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dataDir, 'articles', name), text);
  return dataDir;
}
