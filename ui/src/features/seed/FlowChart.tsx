//! Energy (0–1, left axis) and tempo (BPM, right axis) along the playlist order.

import { useMemo } from 'react';
import type { PlaylistItem } from '../../ipc';
import { EChart } from '../../components/EChart';
import { useTheme } from '../../components/theme';

const PALETTE = {
  light: { energy: '#3b5bdb', tempo: '#d9480f', axis: '#868e96', grid: '#eceef1', text: '#495057', tooltip: '#ffffff' },
  dark: { energy: '#8ea2ff', tempo: '#ff9f66', axis: '#868e96', grid: '#2a2e35', text: '#c1c7cf', tooltip: '#1f2227' },
};

export function FlowChart({ items }: { items: PlaylistItem[] }) {
  const { effective } = useTheme();
  const option = useMemo(() => {
    const c = PALETTE[effective];
    const x = items.map((_, i) => String(i + 1));
    const axisLabel = { color: c.axis, fontSize: 10 };
    return {
      animation: false,
      grid: { left: 30, right: 34, top: 18, bottom: 18 },
      legend: { top: 0, right: 4, itemWidth: 12, itemHeight: 2, textStyle: { color: c.text, fontSize: 10 }, data: ['Energy', 'Tempo'] },
      tooltip: {
        trigger: 'axis',
        backgroundColor: c.tooltip,
        borderColor: c.grid,
        textStyle: { color: c.text, fontSize: 11 },
        formatter: (params: Array<{ dataIndex: number }>) => {
          const it = items[params[0]?.dataIndex ?? -1];
          if (!it) return '';
          const e = it.track.features.energy;
          const t = it.track.features.tempo;
          return `${params[0]!.dataIndex + 1}. ${escapeHtml(it.track.title)}<br/>Energy ${e === null ? '–' : e.toFixed(2)} · ${t === null ? '–' : Math.round(t)} BPM`;
        },
      },
      xAxis: { type: 'category', data: x, boundaryGap: false, axisLabel: { ...axisLabel, interval: 'auto' }, axisLine: { lineStyle: { color: c.grid } }, axisTick: { show: false } },
      yAxis: [
        { type: 'value', min: 0, max: 1, interval: 0.5, axisLabel, splitLine: { lineStyle: { color: c.grid } } },
        { type: 'value', min: 40, max: 220, interval: 60, axisLabel, splitLine: { show: false } },
      ],
      series: [
        { name: 'Energy', type: 'line', yAxisIndex: 0, data: items.map((it) => it.track.features.energy), symbol: 'circle', symbolSize: 4, showSymbol: items.length < 60, lineStyle: { width: 1.75, color: c.energy }, itemStyle: { color: c.energy }, connectNulls: true },
        { name: 'Tempo', type: 'line', yAxisIndex: 1, data: items.map((it) => it.track.features.tempo), symbol: 'circle', symbolSize: 4, showSymbol: items.length < 60, lineStyle: { width: 1.25, color: c.tempo, type: 'dashed' }, itemStyle: { color: c.tempo }, connectNulls: true },
      ],
    };
  }, [items, effective]);
  if (items.length === 0) return null;
  return <EChart className="flow-chart" option={option} ariaLabel="Energy and tempo along the playlist" />;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
