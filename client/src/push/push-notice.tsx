import { useSyncExternalStore } from 'react';
import { askForNotifications } from './use-push';
import { pushState } from './push-status';

/** [WP1] [WP3] What the Reminders section says about notifications on this device; nothing while they work (or are unknown). */
export function PushNotice(props: { hasReminders: boolean }) {
  const state = useSyncExternalStore(pushState.subscribe, pushState.get);
  const say = (text: string) => (
    <p className="hint" role="status">
      {text}
    </p>
  );
  switch (state) {
    case 'unavailable':
      return say('This server does not send reminders: they are kept with the task, but no notification will come.');
    case 'unsupported':
      return props.hasReminders ? say('This browser cannot show reminder notifications.') : null;
    case 'denied':
      return props.hasReminders
        ? say(
            'Notifications are blocked for Tasklane in this browser, so reminders cannot notify you here. Allow them in the site settings.',
          )
        : null;
    case 'failed':
      return props.hasReminders ? say('This browser could not turn on reminder notifications.') : null;
    case 'default':
      return props.hasReminders ? (
        <p className="hint">
          Reminders notify you only once notifications are on.{' '}
          <button type="button" className="link" onClick={() => askForNotifications(true)}>
            Turn on notifications
          </button>
        </p>
      ) : null;
    default:
      return null;
  }
}
