import { registerUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { localChaosSuite } from './local-devices';
import { findLostUndos } from './lost-undos';

/**
 * The harness's lost-acknowledgement fault on its own (docs/protocol.md [LE1], docs/reliability.md): a device edits a
 * task, the server writes the push, the device never sees the acknowledgement and the user undoes
 * the edit at once. After healing, the undo is what every replica and the store hold.
 */
describe('undo after a dropped acknowledgement, in the chaos harness', () => {
  const chaos = localChaosSuite({ instances: 1, idPrefix: 'undo' });
  const { ledger, device } = chaos;

  it('[LE1] every undo staged after a dropped acknowledgement survives on every device and in the store', async () => {
    const user = await registerUser(chaos.fleet.instances[0]!.url);
    const phone = await device('phone', user);
    const laptop = await device('laptop', user);
    for (const title of ['Water the plants', 'Book the dentist', 'Renew the passport'])
      await phone.tasks!.create({ title, tags: ['home'] });
    await waitFor(async () => (await laptop.liveTasks()).length === 3, 10_000, 'the laptop has the tasks');
    await phone.engine!.awaitInSync();

    const staged = [];
    for (const [step, draw] of [0.1, 0.5, 0.9].entries()) {
      staged.push(await phone.loseAckThenUndo(draw, step));
      await phone.handle.settle(30_000);
    }
    expect(staged.every((undo) => undo !== null)).toBe(true);

    const { finalByUser } = await chaos.converge([phone, laptop]);
    expect(findLostUndos(ledger.undos, ledger.attempts, finalByUser)).toEqual([]);
    const final = [...finalByUser.get(user.id)!.values()];
    expect(final.map((task) => [task.title, task.tags]).sort()).toEqual([
      ['Book the dentist', ['home']],
      ['Renew the passport', ['home']],
      ['Water the plants', ['home']],
    ]);
  }, 120_000);

  it('[LE4] back-to-back undos, one dropped acknowledgement covering several tasks: the phone ends with the seq of every write', async () => {
    const user = await registerUser(chaos.fleet.instances[0]!.url);
    const phone = await device('quick-phone', user);
    for (const title of ['Water the plants', 'Book the dentist', 'Renew the passport'])
      await phone.tasks!.create({ title, tags: ['home'] });
    await phone.handle.settle(30_000);

    // No settling in between: the retried push of one undo carries the next edit, whose acknowledgement is dropped too.
    const staged = [];
    for (const [step, draw] of [0.1, 0.5, 0.9].entries()) staged.push(await phone.loseAckThenUndo(draw, step));
    expect(staged.every((undo) => undo !== null)).toBe(true);

    await chaos.converge([phone], 30_000);
  }, 60_000);
});
