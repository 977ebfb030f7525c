import type { SyncStatus } from '../../sync/sync-engine';
import { UpdateNeededBanner } from './update-needed-banner';

const CONNECTION_TEXT: Record<SyncStatus['connection'], string> = {
  online: 'Online',
  offline: 'Offline',
  connecting: 'Connecting…',
  'session-expired': 'Not syncing: signed out',
  'client-too-old': 'Not syncing: update needed',
  'server-too-old': 'Not syncing: the server is being updated',
};

// Made once: `toLocaleTimeString` builds a formatter per call, and the bar renders after every pull.
const TIME = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat([], { dateStyle: 'medium', timeStyle: 'short' });

function formatTime(iso: string | null): string {
  if (!iso) return 'never';
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return (sameDay ? TIME : DATE_TIME).format(date);
}

/** Online/offline, changes waiting to sync, when it last synced. */
export function SyncBar({ status, onSignInAgain }: { status: SyncStatus | null; onSignInAgain: () => void }) {
  if (!status) return <div className="sync-bar">Starting sync…</div>;
  const waiting = status.pendingIds.size;
  const connection = typeof navigator !== 'undefined' && !navigator.onLine ? 'offline' : status.connection;
  return (
    <>
      <div className="sync-bar" role="status" aria-live="polite" aria-atomic="true">
        <span data-testid="sync-connection" data-state={connection}>
          <span className={`dot ${connection === 'online' ? 'online' : connection === 'offline' ? 'offline' : ''}`} aria-hidden="true" />
          {CONNECTION_TEXT[connection]}
        </span>
        <span>
          <span data-testid="pending-count">{waiting}</span> {waiting === 1 ? 'change' : 'changes'} waiting to sync
        </span>
        <span>
          Last synced: <time dateTime={status.lastSyncedAt ?? undefined}>{formatTime(status.lastSyncedAt)}</time>
        </span>
      </div>
      {status.connection === 'session-expired' && (
        <div className="banner" role="alert">
          Your session ended, so changes stay on this device for now.{' '}
          <button type="button" className="link" onClick={onSignInAgain}>
            Sign in again
          </button>
        </div>
      )}
      {status.connection === 'client-too-old' && <UpdateNeededBanner />}
      {status.connection === 'server-too-old' && (
        <div className="banner" role="status">
          The server is being updated. Your changes are kept on this device and sync when it is back.
        </div>
      )}
      {status.initialSync && status.initialSync.received > 0 && (
        <div className="progress" role="status">
          <label htmlFor="first-sync">Downloading your tasks: {status.initialSync.received.toLocaleString()} so far…</label>
          <progress id="first-sync" />
        </div>
      )}
    </>
  );
}
