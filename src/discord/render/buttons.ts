import { type APIButtonComponentWithCustomId, ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { ActionRow } from '../respond.ts';

/** How a button looks: `primary` for the next step, `secondary` for the others, `danger` for removing. */
export type ButtonLook = 'primary' | 'secondary' | 'danger';

const STYLES: Record<ButtonLook, APIButtonComponentWithCustomId['style']> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  danger: ButtonStyle.Danger,
};

/** A button whose state is its `custom_id` (pure); `disabled` only when set. */
export function button(
  label: string,
  customId: string,
  look: ButtonLook,
  disabled?: boolean,
): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: STYLES[look],
    label,
    custom_id: customId,
    ...(disabled === undefined ? {} : { disabled }),
  };
}

/** The buttons in one action row, or no row at all when there are none. */
export function buttonRows(buttons: readonly APIButtonComponentWithCustomId[]): ActionRow[] {
  return buttons.length === 0 ? [] : [{ type: ComponentType.ActionRow, components: [...buttons] }];
}
