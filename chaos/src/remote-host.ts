import { fork, type ChildProcess } from 'node:child_process';
import type { PushAttempt } from './ack-ledger';
import type { UndoExpectation } from './lost-undos';
import type { CompletionRecord } from './recurring-completions';
import type { ChaosUser } from './chaos-device';
import type { DeviceCounters, DeviceHandle, DeviceHost } from './device-handle';
import type { DeviceDiagnosis } from './convergence-diagnosis';
import type { DeviceLink } from './device-link';
import type { OperationOutcome } from './device-operations';
import type { HostEvent, HostReply, HostRequest } from './host-messages';

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A device-host child process and a typed request/response channel to it. */
function startHostProcess(script: string) {
  const child: ChildProcess = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--enable-source-maps'] });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const listeners = new Set<(event: HostEvent) => void>();
  let nextId = 0;
  child.on('message', (message: HostReply | HostEvent) => {
    if ('type' in message) {
      for (const listener of listeners) listener(message);
      return;
    }
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.ok) pending?.resolve(message.value);
    else pending?.reject(new Error(message.error));
  });
  child.on('exit', (code, signal) => {
    for (const pending of waiting.values()) pending.reject(new Error(`device host exited (${code ?? signal})`));
    waiting.clear();
  });
  return {
    child,
    request<T>(request: Distribute<HostRequest>): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ ...request, id });
      });
    },
    onEvent: (listener: (event: HostEvent) => void) => listeners.add(listener),
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export type RemoteDeviceSpec = { name: string; user: ChaosUser; link: DeviceLink; idPrefix: string };

/**
 * Devices spread over child processes, `perProcess` each. The links (and so
 * the routing and fault injection) stay in this process.
 */
export async function startRemoteDevices(script: string, specs: readonly RemoteDeviceSpec[], perProcess: number): Promise<DeviceHost> {
  const hosts: ReturnType<typeof startHostProcess>[] = [];
  const handles: DeviceHandle[] = [];
  for (const [index, spec] of specs.entries()) {
    if (index % perProcess === 0) hosts.push(startHostProcess(script));
    const host = hosts[hosts.length - 1]!;
    await host.request({ type: 'add', index, name: spec.name, user: spec.user, serverUrl: spec.link.url, idPrefix: spec.idPrefix });
    let running = false;
    let onPush: DeviceHandle['onPush'] = null;
    const handle: DeviceHandle = {
      name: spec.name,
      user: spec.user,
      link: spec.link,
      get running() {
        return running;
      },
      get onPush() {
        return onPush;
      },
      set onPush(callback) {
        onPush = callback;
        void host.request({ type: callback ? 'arm' : 'disarm', index }).catch(() => undefined);
      },
      async start() {
        await host.request({ type: 'start', index });
        running = true;
      },
      async stopSync() {
        running = false;
        await host.request({ type: 'stopSync', index });
      },
      async crash() {
        running = false;
        await host.request({ type: 'crash', index });
      },
      apply: (draws, step) => host.request<OperationOutcome>({ type: 'apply', index, draws, step }),
      loseAckThenUndo: (targetDraw, step) => host.request<boolean>({ type: 'loseAckThenUndo', index, targetDraw, step }),
      settle: (timeoutMs) => host.request<void>({ type: 'settle', index, timeoutMs }),
      allDocuments: () => host.request({ type: 'allDocuments', index }),
      allLists: () => host.request({ type: 'allLists', index }),
      counters: () => host.request<DeviceCounters>({ type: 'counters', index }),
      diagnose: (ids) => host.request<DeviceDiagnosis>({ type: 'diagnose', index, ids: [...ids] }),
      close: () => host.request<void>({ type: 'close', index }),
    };
    host.onEvent((event) => {
      if (event.index !== index || !onPush) return;
      const callback = onPush;
      onPush = null;
      callback(handle);
    });
    handles.push(handle);
  }
  return {
    handles,
    async attempts() {
      const all = await Promise.all(hosts.map((host) => host.request<PushAttempt[]>({ type: 'attempts' })));
      return all.flat();
    },
    async undos() {
      const all = await Promise.all(hosts.map((host) => host.request<UndoExpectation[]>({ type: 'undos' })));
      return all.flat();
    },
    async completions() {
      const all = await Promise.all(hosts.map((host) => host.request<CompletionRecord[]>({ type: 'completions' })));
      return all.flat();
    },
    async close() {
      await Promise.allSettled(handles.map((handle) => handle.close()));
      for (const host of hosts) host.kill();
    },
  };
}
