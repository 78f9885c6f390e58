/** A `--from`/`--to` bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a year before 1000 may be written `938`). */
export const DATE_BOUND = /^\d{1,4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/u;

/** True when `text` is a valid bound. */
export function isDateBound(text: string): boolean {
  return DATE_BOUND.test(text);
}
