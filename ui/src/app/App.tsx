//! The composition root: providers, the launch gate, the top bar, and the main view: the
//! curation panes (playlists, library, seed editor, personalization preview) or the segments panel.

import { useEffect } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { useWorkspaceEvents } from '../ipc';
import { useStore } from '../components/store';
import { Toaster } from '../components/Toaster';
import { useTheme } from '../components/theme';
import { queryClient } from './queryClient';
import { launch, sessionStore } from '../features/workspace/session';
import { ChooseWorkspace, Launching, PreparingDemo } from '../features/workspace/StartupScreen';
import { PlaylistSidebar } from '../features/playlists/PlaylistSidebar';
import { LibraryPane } from '../features/library/LibraryPane';
import { SeedEditor } from '../features/seed/SeedEditor';
import { PreviewPane } from '../features/preview/PreviewPane';
import { previewOpenStore } from '../features/preview/store';
import { ImportWizard } from '../features/imports/ImportWizard';
import { ExportDialog } from '../features/export/ExportDialog';
import { SegmentsPanel } from '../features/segments/SegmentsPanel';
import { mainViewStore } from '../features/segments/mainView';
import { TopBar } from './TopBar';
import { DragLayer } from './DragLayer';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useGlobalShortcuts } from './shortcuts';
import '../styles/segments.css';
import '../styles/preview.css';

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}

let launched = false;

function Shell() {
  useTheme();
  useWorkspaceEvents();
  useGlobalShortcuts();
  const session = useStore(sessionStore);
  const view = useStore(mainViewStore);
  const previewOpen = useStore(previewOpenStore);
  useEffect(() => {
    // Once per page load, also under StrictMode's double effects.
    if (!launched) {
      launched = true;
      void launch();
    }
  }, []);

  return (
    <div className="app">
      <TopBar ready={session.phase === 'ready'} />
      {session.phase === 'launching' && <Launching />}
      {session.phase === 'preparing' && <PreparingDemo jobKey={session.jobKey} />}
      {session.phase === 'failed' && <ChooseWorkspace error={session.error} />}
      {session.phase === 'ready' && view === 'curate' && (
        <DragLayer>
          <main className={previewOpen ? 'panes with-preview' : 'panes'} id="main-view" role="tabpanel" aria-labelledby="view-tab-curate">
            <PlaylistSidebar />
            <LibraryPane />
            <SeedEditor />
            <PreviewPane />
          </main>
        </DragLayer>
      )}
      {session.phase === 'ready' && view === 'segments' && (
        <main className="segments-main" id="main-view" role="tabpanel" aria-labelledby="view-tab-segments">
          <SegmentsPanel />
        </main>
      )}
      <ImportWizard />
      {session.phase === 'ready' && <ExportDialog />}
      <ShortcutsDialog />
      <Toaster />
    </div>
  );
}
