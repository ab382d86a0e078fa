import { describe, expect, it, vi } from 'vitest';
import { SerialReload } from '../../../server/auth/serial-reload.js';

/** A load that finishes when the test says, recording what state it read when it began. */
function gatedLoads(state: { value: number }) {
  const started: { read: number; finish: () => void }[] = [];
  const applied: number[] = [];
  const reload = new SerialReload(
    () =>
      new Promise<void>((resolve) => {
        const read = state.value;
        started.push({ read, finish: () => (applied.push(read), resolve()) });
      }),
  );
  return { reload, started, applied };
}

describe('serial reload', () => {
  it('runs one load at a time; calls during a load share the next one, which reads what they wrote', async () => {
    const state = { value: 1 };
    const { reload, started, applied } = gatedLoads(state);
    const first = reload.run();
    state.value = 2;
    const second = reload.run();
    state.value = 3;
    const third = reload.run();
    expect(second).toBe(third);
    expect(started).toHaveLength(1);

    started[0]!.finish();
    await first;
    await vi.waitFor(() => expect(started).toHaveLength(2));
    expect(started[1]!.read).toBe(3);
    started[1]!.finish();
    await third;
    expect(applied).toEqual([1, 3]);
  });

  it('a failed load rejects its callers only; the next call loads again', async () => {
    let fail = true;
    const reload = new SerialReload(() => (fail ? Promise.reject(new Error('database away')) : Promise.resolve()));
    await expect(reload.run()).rejects.toThrow('database away');
    fail = false;
    await expect(reload.run()).resolves.toBeUndefined();
  });
});
