//! A button with a floating panel: closes on Escape and on a click outside.

import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** The trigger's content. */
  label: ReactNode;
  /** The panel's content; a function gets `close`. */
  children: ReactNode | ((close: () => void) => ReactNode);
  align?: 'start' | 'end';
  className?: string;
  buttonClassName?: string;
  title?: string;
  ariaLabel?: string;
  testId?: string;
  panelWidth?: number;
}

export function Popover({ label, children, align = 'start', className, buttonClassName, title, ariaLabel, testId, panelWidth }: Props) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  const close = () => setOpen(false);
  return (
    <div
      ref={ref}
      className={`popover ${className ?? ''}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        className={buttonClassName ?? 'button'}
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={ariaLabel}
        title={title}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      {open && (
        <div className={`popover-panel popover-${align}`} style={panelWidth ? { width: panelWidth } : undefined}>
          {typeof children === 'function' ? children(close) : children}
        </div>
      )}
    </div>
  );
}
