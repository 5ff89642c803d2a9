import { describe, expect, it } from 'vitest';
import { createIdleLock } from '../../../main/idle/idle-lock.ts';
import type { LockReason } from '../../../main/session/session-service.ts';

function setup(minutes: number) {
  let idle = 0;
  const locks: LockReason[] = [];
  const lock = createIdleLock({ idleLockMinutes: minutes, idleSeconds: () => idle, lock: (reason) => locks.push(reason) });
  return { lock, locks, setIdle: (seconds: number) => (idle = seconds) };
}

describe('idle lock', () => {
  it('locks once the machine has been idle for the policy minutes, not before', () => {
    const { lock, locks, setIdle } = setup(15);
    setIdle(15 * 60 - 1);
    lock.check();
    expect(locks).toEqual([]);
    setIdle(15 * 60);
    lock.check();
    expect(locks).toEqual(['idle']);
  });

  it('returns the seconds left that it locks on, so a countdown fed from it reaches 0 only as the lock happens', () => {
    const { lock, locks, setIdle } = setup(1);
    setIdle(0);
    expect(lock.check()).toBe(60);
    setIdle(59.2);
    expect(lock.check()).toBe(1);
    expect(locks).toEqual([]);
    setIdle(60);
    expect(lock.check()).toBe(0);
    expect(locks).toEqual(['idle']);
  });

  it('follows a lower policy value', () => {
    const { lock, locks, setIdle } = setup(2);
    setIdle(120);
    lock.check();
    expect(locks).toEqual(['idle']);
  });

  it('locks at once on an OS lock screen or suspend', () => {
    const { lock, locks } = setup(15);
    lock.osLocked();
    lock.suspended();
    expect(locks).toEqual(['os_lock', 'suspend']);
  });
});
