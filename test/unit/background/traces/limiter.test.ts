import { describe, expect, it } from 'vitest';
import { Limiter } from '../../../../src/background/traces/limiter';

/** A task that runs until the test finishes it, logging when it starts. */
function gate(log: string[], name: string) {
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    task: async () => {
      log.push(name);
      await done;
    },
    finish: () => finish(),
  };
}

const no = () => false;
const yes = () => true;

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Limiter', () => {
  it('runs at most `limit` tasks at once and starts urgent ones before earlier background ones', async () => {
    const log: string[] = [];
    const limiter = new Limiter(1);
    const first = gate(log, 'first');
    const later = gate(log, 'background');
    const asked = gate(log, 'urgent');

    const runs = [limiter.run(first.task, no), limiter.run(later.task, no), limiter.run(asked.task, yes)];
    await settle();
    expect(log).toEqual(['first']);
    expect(limiter.queued).toBe(2);

    first.finish();
    await settle();
    expect(log).toEqual(['first', 'urgent']);

    asked.finish();
    await settle();
    expect(log).toEqual(['first', 'urgent', 'background']);
    later.finish();
    await Promise.all(runs);
    expect(limiter.queued).toBe(0);
  });

  it('moves a waiting task ahead once it becomes urgent', async () => {
    const log: string[] = [];
    const limiter = new Limiter(1);
    const [first, a, b] = ['first', 'a', 'b'].map((name) => gate(log, name));
    let bUrgent = false;
    const runs = [limiter.run(first!.task, no), limiter.run(a!.task, no), limiter.run(b!.task, () => bUrgent)];
    await settle();

    bUrgent = true;
    first!.finish();
    await settle();

    expect(log).toEqual(['first', 'b']);
    b!.finish();
    a!.finish();
    await Promise.all(runs);
  });

  it('starts waiting tasks when the limit grows, and frees a slot when a task throws', async () => {
    const log: string[] = [];
    const limiter = new Limiter(1);
    const gates = ['a', 'b', 'c'].map((name) => gate(log, name));
    const failing = limiter.run(async () => {
      throw new Error('boom');
    }, no);
    const runs = gates.map((g) => limiter.run(g.task, no));

    await expect(failing).rejects.toThrow('boom');
    await settle();
    expect(log).toEqual(['a']);

    limiter.setLimit(3);
    await settle();
    expect(log).toEqual(['a', 'b', 'c']);
    for (const g of gates) g.finish();
    await Promise.all(runs);
  });
});
