import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../../electron/common/events/emitter.js';

test('listeners hear emits in subscription order until they unsubscribe', () => {
  const e = new Emitter<number>();
  const heard: string[] = [];
  const offA = e.on((n) => heard.push(`a${n}`));
  e.on((n) => heard.push(`b${n}`));
  e.emit(1);
  offA();
  e.emit(2);
  assert.deepEqual(heard, ['a1', 'b1', 'b2']);
  assert.equal(e.size, 1);
});

test('the same function subscribed twice is called twice and unsubscribes one at a time', () => {
  const e = new Emitter<void>();
  let calls = 0;
  const f = (): void => void calls++;
  const off1 = e.on(f);
  e.on(f);
  e.emit();
  off1();
  off1();
  e.emit();
  assert.equal(calls, 3);
});

test('a listener that unsubscribes another during an emit does not skip anyone in that emit', () => {
  const e = new Emitter<string>();
  const heard: string[] = [];
  let offB = (): void => undefined;
  e.on(() => offB());
  offB = e.on((s) => heard.push(s));
  e.emit('x');
  e.emit('y');
  assert.deepEqual(heard, ['x']);
});

test('a throwing listener does not silence the others; its error comes back after all ran', () => {
  const e = new Emitter<number>();
  const heard: number[] = [];
  e.on(() => {
    throw new Error('first');
  });
  e.on((n) => heard.push(n));
  assert.throws(() => e.emit(7), /first/);
  assert.deepEqual(heard, [7]);
  e.on(() => {
    throw new Error('second');
  });
  assert.throws(
    () => e.emit(8),
    (err: unknown) => err instanceof AggregateError && err.errors.length === 2,
  );
  assert.deepEqual(heard, [7, 8]);
});
