import { describe, expect, it } from 'vitest';
import { call, CommandError, isIpcError, toIpcError, unwrap } from './result';

describe('unwrap', () => {
  it('returns the data of an ok result', () => {
    expect(unwrap({ status: 'ok', data: 42 })).toBe(42);
    expect(unwrap({ status: 'ok', data: null })).toBeNull();
  });

  it('throws a CommandError carrying code and message', () => {
    try {
      unwrap({ status: 'error', error: { code: 'badFile', message: 'a.csv line 3, field tempo: bad' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CommandError);
      expect(isIpcError(e)).toBe(true);
      expect((e as CommandError).code).toBe('badFile');
      expect((e as CommandError).message).toBe('a.csv line 3, field tempo: bad');
    }
  });
});

describe('call', () => {
  it('unwraps a resolved result', async () => {
    await expect(call(Promise.resolve({ status: 'ok' as const, data: 'x' }))).resolves.toBe('x');
  });

  it('turns a rejected promise into an internal CommandError', async () => {
    await expect(call(Promise.reject(new Error('ipc down')))).rejects.toMatchObject({
      code: 'internal',
      message: 'ipc down',
    });
  });
});

describe('toIpcError', () => {
  it('keeps back-end errors and wraps the rest', () => {
    expect(toIpcError({ code: 'notFound', message: 'gone', extra: 1 })).toEqual({ code: 'notFound', message: 'gone' });
    expect(toIpcError('boom')).toEqual({ code: 'internal', message: 'boom' });
    expect(toIpcError(new TypeError('t'))).toEqual({ code: 'internal', message: 't' });
  });
});
