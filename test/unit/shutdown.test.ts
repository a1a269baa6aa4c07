/** The app's stop steps: phase order, once only, and a failing step does not keep the store open. */
import { describe, expect, it } from 'vitest';
import { Shutdown } from '../../server/shutdown.js';

describe('Shutdown', () => {
  it('runs inputs, clients, servers, store in that order whatever the registration order; within a phase, in registration order', async () => {
    const order: string[] = [];
    const s = new Shutdown();
    s.add('store', () => void order.push('db'));
    s.add('servers', async () => {
      await Promise.resolve();
      order.push('http');
    });
    s.add('inputs', () => void order.push('ingest'));
    s.add('clients', () => void order.push('hub'));
    s.add('inputs', () => void order.push('pipeline'));
    await s.run();
    expect(order).toEqual(['ingest', 'pipeline', 'hub', 'http', 'db']);
  });

  it('runs once: a second close gets the same promise and runs nothing again', async () => {
    let n = 0;
    const s = new Shutdown();
    s.add('store', () => void n++);
    const first = s.run();
    expect(s.run()).toBe(first);
    await first;
    await s.run();
    expect(n).toBe(1);
  });

  it('still closes the store when an earlier step fails, then reports the first failure', async () => {
    const order: string[] = [];
    const s = new Shutdown();
    s.add('clients', () => {
      throw new Error('hub would not close');
    });
    s.add('servers', () => Promise.reject(new Error('second')));
    s.add('store', () => void order.push('db'));
    await expect(s.run()).rejects.toThrow('hub would not close');
    expect(order).toEqual(['db']);
  });
});
