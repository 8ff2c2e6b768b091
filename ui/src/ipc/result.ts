//! Turning the generated commands' `Result` values into plain values or thrown `CommandError`s,
//! so the rest of the UI deals in promises and React Query sees failures as failures.

import type { ErrorCode, IpcError, Result } from './types';

/** An `IpcError` from the back end, thrown. Keeps `code` so callers can branch on it. */
export class CommandError extends Error implements IpcError {
  readonly code: ErrorCode;

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'CommandError';
    this.code = error.code;
  }
}

/** Whether `value` has the `{ code, message }` shape of an `IpcError`. */
export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}

/** Any thrown value as an `IpcError`: back-end errors keep their code, the rest are internal. */
export function toIpcError(value: unknown): IpcError {
  if (isIpcError(value)) return { code: value.code, message: value.message };
  if (value instanceof Error) return { code: 'internal', message: value.message };
  return { code: 'internal', message: typeof value === 'string' ? value : JSON.stringify(value) };
}

/** The data of an ok result; throws a `CommandError` for an error result. */
export function unwrap<T>(result: Result<T, IpcError>): T {
  if (result.status === 'ok') return result.data;
  throw new CommandError(toIpcError(result.error));
}

/** Awaits a command and unwraps it; an exception (a transport failure) becomes a `CommandError`. */
export async function call<T>(pending: Promise<Result<T, IpcError>>): Promise<T> {
  let result: Result<T, IpcError>;
  try {
    result = await pending;
  } catch (e) {
    throw e instanceof CommandError ? e : new CommandError(toIpcError(e));
  }
  return unwrap(result);
}
