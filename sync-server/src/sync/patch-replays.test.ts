import { createPatchReplays, PATCH_REPLAY_LIMITS } from './patch-replays';

describe('the memory of keyed PATCH requests', () => {
  const edit = (userId: string, key: string) => ({ userId, key, documentId: 'task-1', fingerprint: '{"status":"done"}' });

  it('[LR17] [LR6] one account using more keys than its share forgets its own oldest, never another account’s record', async () => {
    const replays = createPatchReplays();
    const write = () => Promise.resolve('written');
    const replay = () => Promise.resolve('replayed');
    await replays.run(edit('victim', 'complete-1'), write, replay);
    for (let index = 0; index <= PATCH_REPLAY_LIMITS.maxKeysPerUser; index += 1)
      await replays.run(edit('attacker', `k${index}`), write, replay);

    expect(await replays.run(edit('victim', 'complete-1'), write, replay)).toEqual({ value: 'replayed', replayed: true });
    expect(await replays.run(edit('attacker', `k${PATCH_REPLAY_LIMITS.maxKeysPerUser}`), write, replay)).toEqual({
      value: 'replayed',
      replayed: true,
    });
    // The attacker's first key was forgotten: the same request now runs again.
    expect(await replays.run(edit('attacker', 'k0'), write, replay)).toEqual({ value: 'written', replayed: false });
  });
});
