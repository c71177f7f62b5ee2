// The page's reconnect backoff (renderer/src/platform/backoff.ts): soon after a drop, doubling
// while the server stays away, never more than 10 s (+20 % jitter) apart, and spread so that the
// tabs of one browser do not all knock at the same moment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryDelayMs } from '../../renderer/src/platform/backoff.js';

describe('reconnect backoff', () => {
  it('doubles from half a second and stops growing at 10 s', () => {
    const middle = (attempt: number) => retryDelayMs(attempt, 0.5);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map(middle), [500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('spreads each delay within ±20 %', () => {
    for (const attempt of [1, 3, 9]) {
      const base = retryDelayMs(attempt, 0.5);
      assert.equal(retryDelayMs(attempt, 0), Math.round(base * 0.8));
      assert.equal(retryDelayMs(attempt, 0.999999), Math.round(base * 1.2));
    }
  });
});
