import { Icon } from '../components/Icon';
import { useStore } from '../components/store';
import { nextTheme, themeStore, useTheme } from '../components/theme';
import { WorkspaceMenu } from '../features/workspace/WorkspaceMenu';
import { HistoryButtons } from '../features/history/HistoryButtons';
import { JobIndicator } from '../features/jobs/JobIndicator';
import { importWizardStore, openImportWizard } from '../features/imports/ImportWizard';
import { ViewSwitch } from '../features/segments/ViewSwitch';
import { shortcutsDialogStore } from './shortcuts';

const THEME_LABEL = { system: 'Theme: follow the system', light: 'Theme: light', dark: 'Theme: dark' } as const;

export function TopBar({ ready }: { ready: boolean }) {
  const { choice } = useTheme();
  const importOpen = useStore(importWizardStore);
  return (
    <header className="topbar">
      <div className="brand" aria-label="Segue">
        <span className="brand-mark" aria-hidden="true" />
        Segue
      </div>
      {ready && <WorkspaceMenu />}
      {ready && <ViewSwitch />}
      <div className="grow" />
      {ready && (
        <>
          <button className="button button-small" data-testid="import-open" aria-expanded={importOpen} onClick={() => openImportWizard()} title="Import a catalogue, seed playlists, listener signals or a playlist package">
            <Icon name="import" size={14} /> Import…
          </button>
          <div className="topbar-sep" />
          <HistoryButtons />
          <div className="topbar-sep" />
        </>
      )}
      <JobIndicator />
      <button className="icon-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => shortcutsDialogStore.set(true)}>
        <Icon name="keyboard" />
      </button>
      <button className="icon-button" aria-label={THEME_LABEL[choice]} title={`${THEME_LABEL[choice]} (click to change)`} onClick={() => themeStore.set(nextTheme)}>
        <Icon name={choice === 'system' ? 'monitor' : choice === 'light' ? 'sun' : 'moon'} />
      </button>
    </header>
  );
}
