import { revealInFolder } from '../../ipc';
import { Popover } from '../../components/Popover';
import { notifyError } from '../../components/toasts';
import { Icon } from '../../components/Icon';
import { formatCount } from '../../components/format';
import { chooseAndCreate, chooseAndOpen, openDemo, openWorkspace } from './session';
import { useRecentWorkspaces, useWorkspaceInfo } from './useWorkspace';

export function WorkspaceMenu() {
  const info = useWorkspaceInfo().data;
  const recent = useRecentWorkspaces();
  return (
    <div className="workspace-switch">
      <Popover
        buttonClassName="workspace-button"
        title={info?.path ?? 'No workspace open'}
        panelWidth={340}
        label={
          <>
            <span className="workspace-name" data-testid="workspace-name">
              {info?.name ?? 'No workspace'}
            </span>
            <Icon name="chevronDown" size={14} />
          </>
        }
      >
        {(close) => (
          <div className="menu" role="menu">
            <button role="menuitem" className="menu-item" onClick={() => { close(); void chooseAndCreate(); }}>
              <Icon name="plus" /> New workspace…
            </button>
            <button role="menuitem" className="menu-item" onClick={() => { close(); void chooseAndOpen(); }}>
              <Icon name="folder" /> Open…
            </button>
            <button role="menuitem" className="menu-item" onClick={() => { close(); void openDemo(); }}>
              <Icon name="music" /> Open demo
            </button>
            <button role="menuitem" className="menu-item" disabled={!info} onClick={() => { close(); if (info) revealInFolder(info.path).catch((e) => notifyError(e, 'Show in folder')); }}>
              <Icon name="file" /> Show in folder
            </button>
            <div className="menu-separator" />
            <div className="menu-label">Recent workspaces</div>
            {recent.data?.length === 0 && <div className="menu-empty">None yet</div>}
            {recent.data?.map((r) => (
              <button
                key={r.path}
                role="menuitem"
                className="menu-item menu-item-path"
                disabled={!r.exists || r.path === info?.path}
                title={r.path}
                onClick={() => { close(); void openWorkspace(r.path); }}
              >
                <Icon name="file" />
                <span className="ellipsis rtl-ellipsis">{r.path}</span>
                {r.path === info?.path && <Icon name="check" />}
              </button>
            ))}
          </div>
        )}
      </Popover>
      {info && (
        <span className="workspace-counts muted tabular" title="Tracks in the catalogue · seed playlists">
          {formatCount(info.trackCount)} tracks · {formatCount(info.playlistCount)} playlists
        </span>
      )}
    </div>
  );
}
