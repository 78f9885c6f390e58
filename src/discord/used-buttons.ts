import { ComponentType } from 'discord-api-types/v10';
import type { ActionRow } from './respond.ts';

/** True when the button with this custom_id is in the rows and disabled (already used). */
export function isButtonDisabled(rows: readonly ActionRow[], customId: string): boolean {
  return rows.some((row) =>
    row.components.some(
      (component) =>
        component.type === ComponentType.Button &&
        'custom_id' in component &&
        component.custom_id === customId &&
        component.disabled === true,
    ),
  );
}

/** The rows with one button disabled (and relabelled, when `label` is given): a button that has done its work. */
export function disableButton(rows: readonly ActionRow[], customId: string, label?: string): ActionRow[] {
  return rows.map((row) => ({
    ...row,
    components: row.components.map((component) =>
      component.type === ComponentType.Button && 'custom_id' in component && component.custom_id === customId
        ? { ...component, disabled: true, ...(label ? { label } : {}) }
        : component,
    ),
  }));
}
