import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles/base.css';
import './styles/layout.css';
import './styles/tables.css';
import './styles/widgets.css';

async function start(): Promise<void> {
  // The in-browser mock back end exists only in `VITE_MOCK=1` dev runs; the constant check lets
  // the production build drop it entirely.
  if (import.meta.env.VITE_MOCK === '1') {
    const { installDevMock } = await import('./ipc/devMock');
    installDevMock();
  }
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<App />);
}

void start();
