import type { ActionRow } from '../respond.ts';
import { button, buttonRows } from './buttons.ts';

/** Which page of a paged list is shown, clamped to the pages there are (0-based), and how many there are. */
export interface PageWindow {
  /** 0-based, within `[0, pages - 1]`. */
  readonly index: number;
  /** At least 1 (an empty list has one, empty, page). */
  readonly pages: number;
}

/** The page `requested` (0-based) of `count` items, `size` a page, clamped to the pages there are (pure). */
export function pageWindow(count: number, size: number, requested: number): PageWindow {
  const pages = Math.max(1, Math.ceil(count / size));
  return { index: Math.min(Math.max(0, requested), pages - 1), pages };
}

/**
 * Previous/Next under a paged message (pure): `customIdFor(target)` gives each button's custom_id for the 0-based
 * page it shows; a button with nowhere to go is disabled. No row when everything fits on one page.
 */
export function pagerRows(
  window: PageWindow,
  customIdFor: (target: number, label: 'Previous' | 'Next') => string,
): ActionRow[] {
  if (window.pages <= 1) return [];
  return buttonRows([
    button('Previous', customIdFor(window.index - 1, 'Previous'), 'secondary', window.index === 0),
    button('Next', customIdFor(window.index + 1, 'Next'), 'secondary', window.index >= window.pages - 1),
  ]);
}
