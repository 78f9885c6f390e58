import { z } from 'zod';

const isoDate = z
  .union([z.string(), z.date()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value.trim()))
  .pipe(
    z.string().superRefine((value, context) => {
      if (isRealIsoDate(value)) return;
      const shaped = /^\d{4}-\d{2}-\d{2}$/u.test(value);
      context.addIssue({
        code: 'custom',
        message: shaped ? 'expected a real calendar date, YYYY-MM-DD' : 'expected an ISO date, YYYY-MM-DD',
      });
    }),
  );

/** True for `YYYY-MM-DD` strings that name a real day (no February 30th). */
export function isRealIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The front matter every article file must have. */
export const frontMatterSchema = z.object({
  title: z.string().trim().min(1, 'expected a non-empty title'),
  url: z.url({ protocol: /^https?$/u, error: 'expected an http(s) URL' }),
  publisher: z.string().trim().min(1, 'expected a non-empty publisher'),
  published: isoDate,
  author: z.string().trim().min(1).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/u, 'expected a language tag such as "en" or "pt-BR"')
    .optional(),
  tags: z.array(z.string().trim().min(1)).default([]),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
