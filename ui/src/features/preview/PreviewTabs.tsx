//! The pane's tabs (arrow keys move between them, as WAI-ARIA asks). The Pool tab is also a drop
//! target: library tracks dropped on it join the pool without opening it.

import { useRef, type ReactNode } from 'react';
import { useDroppable } from '@dnd-kit/core';
import type { RuleSettings } from '../../ipc';
import { useStore } from '../../components/store';
import { POOL_DROP, previewTabStore, type PreviewTab } from './store';
import { rulesOn } from './rules';

const TABS: ReadonlyArray<{ tab: PreviewTab; label: string }> = [
  { tab: 'variants', label: 'Variants' },
  { tab: 'rules', label: 'Rules' },
  { tab: 'pool', label: 'Pool' },
  { tab: 'curve', label: 'Strength curve' },
];

export function PreviewTabs({ rules, poolCount }: { rules: RuleSettings | null; poolCount: number | null }) {
  const tab = useStore(previewTabStore);
  const ref = useRef<HTMLDivElement>(null);
  const pool = useDroppable({ id: 'pool-tab', data: POOL_DROP });
  const counts: Record<PreviewTab, number | null> = { variants: null, rules: rulesOn(rules), pool: poolCount, curve: null };
  const go = (next: PreviewTab) => {
    previewTabStore.set(next);
    ref.current?.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus();
  };
  return (
    <div
      ref={ref}
      className="pv-tabs"
      role="tablist"
      aria-label="Personalization"
      onKeyDown={(e) => {
        const i = TABS.findIndex((t) => t.tab === tab);
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (step === 0) return;
        e.preventDefault();
        go(TABS[(i + step + TABS.length) % TABS.length]!.tab);
      }}
    >
      {TABS.map((t) => (
        <Tab key={t.tab} tab={t.tab} on={tab === t.tab} count={counts[t.tab]} dropRef={t.tab === 'pool' ? pool.setNodeRef : undefined} over={t.tab === 'pool' && pool.isOver}>
          {t.label}
        </Tab>
      ))}
    </div>
  );
}

interface TabProps {
  tab: PreviewTab;
  on: boolean;
  count: number | null;
  dropRef?: (el: HTMLElement | null) => void;
  over: boolean;
  children: ReactNode;
}

function Tab({ tab, on, count, dropRef, over, children }: TabProps) {
  return (
    <button
      ref={dropRef}
      role="tab"
      id={`pv-tab-${tab}`}
      aria-selected={on}
      aria-controls={`pv-tabpanel-${tab}`}
      tabIndex={on ? 0 : -1}
      data-tab={tab}
      data-testid={`preview-tab-${tab}`}
      className={`pv-tab${on ? ' is-on' : ''}${over ? ' is-over' : ''}`}
      onClick={() => previewTabStore.set(tab)}
    >
      {children}
      {count !== null && count > 0 && <span className="pv-tab-count tabular">{count}</span>}
    </button>
  );
}
