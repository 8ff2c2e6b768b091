//! The top bar's view switch: a tab list (arrow keys move between the tabs, as WAI-ARIA asks).

import { useRef } from 'react';
import { useStore } from '../../components/store';
import { mainViewStore, neighbourView, showView, VIEWS } from './mainView';

export function ViewSwitch() {
  const view = useStore(mainViewStore);
  const ref = useRef<HTMLDivElement>(null);
  return (
    <div
      ref={ref}
      className="view-switch"
      role="tablist"
      aria-label="Main view"
      onKeyDown={(e) => {
        const next = neighbourView(view, e.key);
        if (!next) return;
        e.preventDefault();
        showView(next);
        ref.current?.querySelector<HTMLElement>(`[data-view="${next}"]`)?.focus();
      }}
    >
      {VIEWS.map((v) => (
        <button
          key={v.view}
          role="tab"
          id={`view-tab-${v.view}`}
          aria-selected={view === v.view}
          aria-controls="main-view"
          tabIndex={view === v.view ? 0 : -1}
          className={view === v.view ? 'view-tab is-on' : 'view-tab'}
          data-view={v.view}
          data-testid={`view-${v.view}`}
          title={v.title}
          onClick={() => showView(v.view)}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}
