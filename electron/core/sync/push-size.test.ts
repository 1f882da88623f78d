import { describe, expect, it } from 'vitest';
import { nextPushBatch } from './engine.js';

/** Push batches are sized by how long the last push took, as pull pages are (issue 29 item 3). */
describe('nextPushBatch', () => {
  const sizes = { current: 10, max: 50, budgetMs: 1500 };
  it('grows on a fast cloud, at most doubling, up to the maximum', () => {
    expect(nextPushBatch(10, 20, sizes)).toBe(20);
    expect(nextPushBatch(40, 50, { ...sizes, current: 40 })).toBe(50);
  });
  it('shrinks to what fits in the budget at the measured pace', () => {
    // 50 commands answered in 13 s (issue 29: 40 consoles, 50-command batches): 260 ms each, 5 fit.
    expect(nextPushBatch(50, 13_000, { ...sizes, current: 50 })).toBe(5);
    // The cloud stopped at its time budget after 12 of 50: sized by the 12 answered.
    expect(nextPushBatch(12, 3000, { ...sizes, current: 50 })).toBe(6);
  });
  it('never asks for fewer than one command, even when nothing was answered', () => {
    expect(nextPushBatch(1, 20_000, sizes)).toBe(1);
    expect(nextPushBatch(0, 1000, sizes)).toBe(5);
    expect(nextPushBatch(0, 1000, { ...sizes, current: 1 })).toBe(1);
  });
});
