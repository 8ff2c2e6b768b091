import { Modal } from '../components/Modal';
import { useStore } from '../components/store';
import { SHORTCUTS, shortcutsDialogStore } from './shortcuts';

export function ShortcutsDialog() {
  const open = useStore(shortcutsDialogStore);
  if (!open) return null;
  return (
    <Modal title="Keyboard shortcuts" onClose={() => shortcutsDialogStore.set(false)} width={780}>
      <div className="shortcuts">
        {SHORTCUTS.map((g) => (
          <section key={g.group}>
            <div className="section-label">{g.group}</div>
            <dl>
              {g.items.map(([k, what]) => (
                <div key={k} className="shortcut">
                  <dt>{k.split('  ·  ').map((part) => <kbd key={part}>{part}</kbd>)}</dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <p className="muted small">On macOS, Cmd works wherever Ctrl is shown.</p>
      </div>
    </Modal>
  );
}
