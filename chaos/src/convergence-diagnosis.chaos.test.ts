import { registerUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { diagnoseDevices, formatDiagnosis } from './convergence-diagnosis';
import { localChaosSuite } from './local-devices';
import { waitForConvergence } from './run-chaos';
import { readStore } from './store-reader';

/**
 * What a failed convergence reports (docs/reliability.md [CD1]), read from healthy devices: the fields must be there
 * and true before a failing run needs them.
 */
describe('convergence diagnosis', () => {
  const chaos = localChaosSuite({ instances: 1, idPrefix: 'diag' });

  it('[CD1] a device reports its engine, the replication’s view of a task and the task’s recent replication events', async () => {
    const user = await registerUser(chaos.fleet.instances[0]!.url);
    const phone = await chaos.device('phone', user);
    const laptop = await chaos.device('laptop', user);
    const task = await phone.tasks!.create({ title: 'Call the plumber' });
    await phone.handle.settle(30_000);
    await waitFor(async () => (await laptop.liveTasks()).some((held) => held.id === task.id), 10_000, 'the laptop has the task');
    const [stored] = await readStore(chaos.fleet.instances[0]!.url, phone.user);
    const seq = stored!.seq!;
    // The pending ids follow the replication a moment later.
    await waitFor(async () => (await phone.handle.diagnose([])).pendingCount === 0, 10_000, 'nothing pending on the phone');

    const phoneSays = await phone.handle.diagnose([task.id, 'never-written']);
    // It crosses the device-host IPC as JSON.
    expect(JSON.parse(JSON.stringify(phoneSays))).toEqual(phoneSays);
    expect(phoneSays).toMatchObject({ device: 'phone', running: true, connection: 'online', pendingCount: 0, pushInFlight: false });
    expect(phoneSays.checkpoint!.seq).toBeGreaterThanOrEqual(seq);
    const [mine, unknown] = phoneSays.tasks;
    expect(mine).toMatchObject({ id: task.id, pending: false, unpushed: false, fork: { seq }, assumedMaster: { seq } });
    expect(mine!.events.map((event) => event.kind)).toEqual(expect.arrayContaining(['written', 'pushed', 'acked']));
    expect(unknown).toMatchObject({ id: 'never-written', fork: null, assumedMaster: null, unpushed: false, events: [] });
    expect(phoneSays.recent.map((event) => event.note)).toContain('engine started');

    const laptopSays = await laptop.handle.diagnose([task.id]);
    expect(laptopSays.tasks[0]!.events).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'stored', seq })]));

    // Offline, an edit is an unpushed change: RxDB's fork differs from its assumed master.
    phone.link.setUp(false);
    await phone.tasks!.update(task.id, { title: 'Call the plumber today' });
    await waitFor(async () => (await phone.handle.diagnose([task.id])).tasks[0]!.pending === true, 10_000, 'the edit is pending');
    const offline = await phone.handle.diagnose([task.id]);
    expect(offline.tasks[0]).toMatchObject({ unpushed: true, pending: true, fork: { seq }, assumedMaster: { seq } });
    expect(offline.connection).not.toBe('online');

    const lines = formatDiagnosis(offline, new Map([[task.id, stored!]]));
    expect(lines[0]).toMatch(/^\[CD1\] phone: running, \w+, pending 1, .*tasks checkpoint seq \d+/);
    expect(lines[1]).toContain(`[CD1] phone ${task.id}: store seq ${seq} `);
    expect(lines[1]).toMatch(/assumed master seq \d+ .*; unpushed yes; pending yes; events: .*written seq \d+/);
    expect(await diagnoseDevices([{ device: laptop.handle, ids: [task.id] }], new Map())).toHaveLength(2);

    phone.link.setUp(true);
    await chaos.converge([phone, laptop]);
  }, 60_000);

  it('[CD1] a convergence that gives up returns the diagnosis of the devices it waited for', async () => {
    const user = await registerUser(chaos.fleet.instances[0]!.url);
    const tablet = await chaos.device('tablet', user);
    const task = await tablet.tasks!.create({ title: 'Renew the insurance' });
    await tablet.handle.settle(30_000);
    tablet.link.setUp(false);
    await tablet.tasks!.update(task.id, { title: 'Renew the car insurance' });

    const given = await waitForConvergence([tablet.handle], [tablet.user], chaos.fleet, 1500, () => undefined);
    expect(given.converged).toBe(false);
    // The offline tablet never settled, so no round compared: the device itself is diagnosed.
    expect(given.diagnosis).toEqual([
      expect.stringMatching(/^\[CD1\] tablet: running, (offline|connecting), pending 1, push in flight yes/),
    ]);
    tablet.link.setUp(true);
    await chaos.converge([tablet]);
  }, 60_000);
});
