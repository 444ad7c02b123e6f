import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Toaster } from './toast.svelte';

describe('Toaster', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows one note at a time and lets it go after a while', () => {
    const toaster = new Toaster(1000);
    toaster.show({ message: 'uno' });
    toaster.show({ message: 'dos' });
    expect(toaster.current?.message).toBe('dos');

    vi.advanceTimersByTime(999);
    expect(toaster.current?.message).toBe('dos');
    vi.advanceTimersByTime(1);
    expect(toaster.current).toBeNull();
  });

  it('rises into an empty place only: a note that replaces one still shown does not', () => {
    const toaster = new Toaster(1000);
    toaster.show({ message: 'uno' });
    expect(toaster.current?.replaced).toBe(false);
    toaster.show({ message: 'dos' });
    expect(toaster.current?.replaced).toBe(true);

    vi.advanceTimersByTime(1000);
    toaster.show({ message: 'tres' });
    expect(toaster.current?.replaced).toBe(false);
    toaster.dismiss();
    toaster.show({ message: 'cuatro' });
    expect(toaster.current?.replaced).toBe(false);
  });

  it('stays while held (hover or focus) and goes a full while after being let go', () => {
    const toaster = new Toaster(1000);
    toaster.show({ message: 'uno' });
    vi.advanceTimersByTime(900);
    toaster.hold();
    vi.advanceTimersByTime(5000);
    expect(toaster.current?.message).toBe('uno');

    toaster.release();
    vi.advanceTimersByTime(999);
    expect(toaster.current).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(toaster.current).toBeNull();
  });

  it('runs its action once and closes', () => {
    const toaster = new Toaster(1000);
    const run = vi.fn();
    toaster.show({ message: 'borrado', action: { label: 'Deshacer', run } });

    toaster.act();
    toaster.act();

    expect(run).toHaveBeenCalledTimes(1);
    expect(toaster.current).toBeNull();
  });

  it('is not held by what held the note before', () => {
    // The pointer was on the old note when it went; the new one still goes by itself.
    const toaster = new Toaster(1000);
    toaster.show({ message: 'uno' });
    toaster.hold();
    toaster.dismiss();
    toaster.show({ message: 'dos' });
    vi.advanceTimersByTime(1000);
    expect(toaster.current).toBeNull();
  });
});
