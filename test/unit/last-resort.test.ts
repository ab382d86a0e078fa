import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { keepServingThroughUncaughtErrors } from '../../server/last-resort.js';

/** Finding 1: a flush timer's SQLITE_FULL nobody caught ended `flowgate serve` for good. */
describe('the last resort for errors nothing caught', () => {
  const install = () => {
    const events = new EventEmitter();
    const logged: string[] = [];
    const stops: string[] = [];
    keepServingThroughUncaughtErrors({ events, log: (line) => void logged.push(line), stop: (reason) => void stops.push(reason) });
    return { events, logged, stops };
  };

  it('logs an uncaught exception or an unhandled rejection and keeps serving', () => {
    const { events, logged, stops } = install();
    events.emit('uncaughtException', Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }));
    events.emit('unhandledRejection', new Error('a stray promise'));
    expect(logged).toEqual(['[flowgate] uncaught exception; still serving:', '[flowgate] unhandled rejection; still serving:']);
    expect(stops).toEqual([]);
  });

  it('stops cleanly when the workspace itself is damaged', () => {
    const { events, stops } = install();
    events.emit('uncaughtException', Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }));
    expect(stops).toEqual(['uncaught exception (SQLITE_CORRUPT)']);
  });
});
