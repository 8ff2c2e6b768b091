//! The panel's actions: fit a model (the main one), and in a menu the steps before it: import
//! signals, simulate listeners, rebuild the vectors.

import { Popover } from '../../components/Popover';
import { Icon } from '../../components/Icon';
import { openImportWizard } from '../imports/ImportWizard';
import { fitDialog } from './FitDialog';
import { simulateDialog } from './SimulateDialog';
import { rebuildVectors } from './actions';

export function SegmentsActions({ withFit }: { withFit: boolean }) {
  return (
    <div className="segments-actions">
      <Popover label={<>More <Icon name="chevronDown" size={14} /></>} align="end" buttonClassName="button button-small" testId="segments-menu" panelWidth={260}>
        {(close) => (
          <div className="menu" role="menu">
            <button role="menuitem" className="menu-item" data-testid="segments-import-signals" onClick={() => { close(); openImportWizard('signals'); }}>
              <Icon name="import" /> Import listener signals…
            </button>
            <button role="menuitem" className="menu-item" data-testid="segments-simulate-open" onClick={() => { close(); simulateDialog.open(); }}>
              <Icon name="activity" /> Simulate listeners…
            </button>
            <button role="menuitem" className="menu-item" data-testid="segments-rebuild" onClick={() => { close(); rebuildVectors(); }}>
              <Icon name="redo" /> Rebuild vectors
            </button>
          </div>
        )}
      </Popover>
      {withFit && <FitButton />}
    </div>
  );
}

export function FitButton({ large = false }: { large?: boolean }) {
  return (
    <button className={large ? 'button button-primary' : 'button button-small button-primary'} data-testid="segments-fit-open" onClick={fitDialog.open}>
      <Icon name="plus" size={14} /> Fit model…
    </button>
  );
}
