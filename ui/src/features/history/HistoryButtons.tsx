import { Icon } from '../../components/Icon';
import { redo, undo, useHistoryState } from './history';

export function HistoryButtons() {
  const h = useHistoryState().data;
  const undoLabel = h?.undo ? `Undo ${h.undo}` : 'Nothing to undo';
  const redoLabel = h?.redo ? `Redo ${h.redo}` : 'Nothing to redo';
  return (
    <div className="button-group" role="group" aria-label="History">
      <button className="button button-small" data-testid="undo" disabled={!h?.undo} title={`${undoLabel} (Ctrl+Z)`} aria-label={undoLabel} onClick={() => void undo()}>
        <Icon name="undo" size={14} />
        <span className="history-label ellipsis">{h?.undo ? `Undo ${h.undo}` : 'Undo'}</span>
      </button>
      <button className="button button-small" data-testid="redo" disabled={!h?.redo} title={`${redoLabel} (Ctrl+Shift+Z or Ctrl+Y)`} aria-label={redoLabel} onClick={() => void redo()}>
        <Icon name="redo" size={14} />
        <span className="history-label ellipsis">{h?.redo ? `Redo ${h.redo}` : 'Redo'}</span>
      </button>
    </div>
  );
}
