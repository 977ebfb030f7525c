import { createAckLedger } from './ack-ledger';
import { createChaosDevice, type ChaosDevice } from './chaos-device';
import { applyOnDevice, settleDevice } from './device-handle';
import type { HostEvent, HostReply, HostRequest } from './host-messages';

/**
 * A device-host child process (`npm run fuzz` with more devices than one
 * process may open RxDB collections for): runs the devices it is given and
 * answers the orchestrator's requests over IPC.
 */
const ledger = createAckLedger();
const devices = new Map<number, ChaosDevice>();

function device(index: number): ChaosDevice {
  const found = devices.get(index);
  if (!found) throw new Error(`no device ${index} in this host`);
  return found;
}

async function handle(request: HostRequest): Promise<unknown> {
  switch (request.type) {
    case 'add': {
      let created = 0;
      devices.set(
        request.index,
        createChaosDevice({
          name: request.name,
          user: request.user,
          serverUrl: request.serverUrl,
          ledger,
          newId: () => `${request.idPrefix}-${created++}`,
          newListId: () => `${request.idPrefix}-list-${created++}`,
        }),
      );
      return null;
    }
    case 'start':
      return device(request.index).start();
    case 'stopSync':
      return device(request.index).stopSync();
    case 'crash':
      return device(request.index).crash();
    case 'apply':
      return applyOnDevice(device(request.index), request.draws, request.step);
    case 'loseAckThenUndo':
      return (await device(request.index).loseAckThenUndo(request.targetDraw, request.step)) !== null;
    case 'settle':
      return settleDevice(device(request.index), request.timeoutMs);
    case 'allDocuments':
      return device(request.index).allDocuments();
    case 'allLists':
      return device(request.index).allLists();
    case 'counters':
      return device(request.index).counters;
    case 'diagnose':
      return device(request.index).diagnose(request.ids);
    case 'arm': {
      const armed = device(request.index);
      armed.onPush = () => {
        armed.onPush = null;
        const event: HostEvent = { type: 'pushed', index: request.index };
        process.send?.(event);
      };
      return null;
    }
    case 'disarm':
      device(request.index).onPush = null;
      return null;
    case 'close':
      return device(request.index).close();
    case 'attempts':
      return ledger.attempts;
    case 'undos':
      return ledger.undos;
    case 'completions':
      return ledger.completions;
  }
}

process.on('message', (request: HostRequest) => {
  handle(request).then(
    (value) => process.send?.({ id: request.id, ok: true, value: value ?? null } satisfies HostReply),
    (error: unknown) =>
      process.send?.({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies HostReply),
  );
});
process.on('disconnect', () => process.exit(0));
