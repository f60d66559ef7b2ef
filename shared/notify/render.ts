/**
 * The renderer shared/findings is handed when it decides what a change
 * owes: the content of each kind of notification, from format.ts.
 */
import type { NotificationRenderer } from '../findings/notifications.js';
import { detectionContent, digestContent, findingChangeContent, reminderContent } from './format.js';

export const notificationRenderer: NotificationRenderer = {
  finding: findingChangeContent,
  reminder: reminderContent,
  detection: detectionContent,
  digest: digestContent,
};
