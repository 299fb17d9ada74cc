import type { MessageKey } from "../i18n/en";
import type { Translate } from "../i18n/i18n";

/** The queues dead letters come from, by the channel whose reminders they carry. */
const CHANNELS: Record<string, MessageKey> = {
  "notifications.send": "settings.channel.telegram",
  "notifications.send.email": "settings.channel.email",
};

export const QUEUES = Object.keys(CHANNELS);

/** A queue by its channel and its name: "Telegram (notifications.send)". */
export function queueLabel(queue: string, t: Translate): string {
  const channel = CHANNELS[queue];
  return channel ? `${t(channel)} (${queue})` : queue;
}
