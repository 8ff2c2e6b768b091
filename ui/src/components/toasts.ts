//! Non-blocking notices: every command error ends up here (code and message), never swallowed.

import { toIpcError } from '../ipc';
import { createStore } from './store';

export interface Toast {
  id: number;
  tone: 'error' | 'info';
  title: string;
  message: string;
}

export const toastStore = createStore<Toast[]>([]);
let nextId = 1;

export function dismissToast(id: number): void {
  toastStore.set((list) => list.filter((t) => t.id !== id));
}

function push(toast: Omit<Toast, 'id'>, ms: number): void {
  const id = nextId++;
  // Identical toasts in a burst (a failing query retried by several views) show once.
  toastStore.set((list) => [
    ...list.filter((t) => !(t.title === toast.title && t.message === toast.message)).slice(-4),
    { ...toast, id },
  ]);
  setTimeout(() => dismissToast(id), ms);
}

export function notifyError(error: unknown, context?: string): void {
  const e = toIpcError(error);
  push({ tone: 'error', title: context ? `${context} · ${e.code}` : e.code, message: e.message }, 9000);
}

export function notify(message: string, title = ''): void {
  push({ tone: 'info', title, message }, 4000);
}
