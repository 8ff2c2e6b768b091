//! What an export wrote: the file, its size and SHA-256 (selectable, with a copy button), a way
//! to show it in the file manager, and a verification of the written package.

import { useState } from 'react';
import { api, revealInFolder, toIpcError, type ExportResult, type IpcError, type VerifyReport } from '../../ipc';
import { Icon } from '../../components/Icon';
import { notify, notifyError } from '../../components/toasts';
import { formatBytes, formatCount, formatSeconds, plural } from '../../components/format';
import { problemText, shaMismatch, verifySummary } from './form';
import { copyText } from './clipboard';

type Verification = { state: 'idle' } | { state: 'running' } | { state: 'done'; report: VerifyReport } | { state: 'failed'; error: IpcError };

export function ExportResultView({ result }: { result: ExportResult }) {
  const [verification, setVerification] = useState<Verification>({ state: 'idle' });
  const verify = async () => {
    setVerification({ state: 'running' });
    try {
      setVerification({ state: 'done', report: await api.packageVerify(result.path) });
    } catch (e) {
      setVerification({ state: 'failed', error: toIpcError(e) });
    }
  };
  const copy = async () => {
    try {
      await copyText(result.sha256);
      notify('The SHA-256 is on the clipboard.', 'Copied');
    } catch (e) {
      notifyError(e, 'Copy');
    }
  };
  return (
    <div className="export-result" data-testid="export-result">
      <div className="callout callout-ok" role="status">
        Exported the seed and {plural(result.variants, 'variant')} in {plural(result.files, 'file')}.
      </div>
      <dl className="report export-report">
        <dt>File</dt>
        <dd className="mono selectable" data-testid="export-result-path">{result.path}</dd>
        <dt>Size</dt>
        <dd data-testid="export-result-bytes" data-bytes={result.bytes ?? ''} title={result.bytes === null ? undefined : `${formatCount(result.bytes)} bytes`}>
          {formatBytes(result.bytes)}
        </dd>
        <dt>SHA-256</dt>
        <dd className="export-sha">
          <code className="mono selectable" data-testid="export-result-sha256" aria-label="SHA-256 of the package">{result.sha256}</code>
          <button type="button" className="icon-button" aria-label="Copy the SHA-256" title="Copy the SHA-256" data-testid="export-copy-sha256" onClick={() => void copy()}>
            <Icon name="copy" size={14} />
          </button>
        </dd>
        <dt>Time</dt>
        <dd>{formatSeconds(result.elapsedMs, 2)}</dd>
      </dl>
      <div className="button-group">
        <button type="button" className="button button-small" data-testid="export-reveal" onClick={() => revealInFolder(result.path).catch((e) => notifyError(e, 'Show in folder'))}>
          <Icon name="folder" size={14} /> Show in folder
        </button>
        {/* Busy, not disabled: a disabled button would drop the keyboard focus out of the dialog. */}
        <button
          type="button"
          className="button button-small"
          data-testid="export-verify"
          aria-busy={verification.state === 'running'}
          onClick={() => verification.state !== 'running' && void verify()}
        >
          <Icon name="check" size={14} /> {verification.state === 'running' ? 'Verifying…' : 'Verify'}
        </button>
      </div>
      <VerifyOutcome verification={verification} sha256={result.sha256} />
    </div>
  );
}

function VerifyOutcome({ verification, sha256 }: { verification: Verification; sha256: string }) {
  if (verification.state === 'idle' || verification.state === 'running') return null;
  if (verification.state === 'failed') {
    const e = verification.error;
    return (
      <div className="callout callout-error" role="alert" data-testid="export-verify-result" data-ok="false">
        <div className="callout-title">The package could not be verified ({e.code})</div>
        <pre className="mono wrap">{e.message}</pre>
      </div>
    );
  }
  const r = verification.report;
  const changed = shaMismatch(sha256, r);
  if (r.ok && !changed) {
    return (
      <div className="callout callout-ok" role="status" data-testid="export-verify-result" data-ok="true">
        {verifySummary(r)}
        {r.seed !== null && <span className="muted"> · {r.seed}, format version {r.formatVersion ?? '?'}</span>}
      </div>
    );
  }
  return (
    <div className="callout callout-error" role="alert" data-testid="export-verify-result" data-ok="false">
      <div className="callout-title">{r.ok ? 'The package verifies, but it changed since the export' : verifySummary(r)}</div>
      {changed && <p className="small">The file on disk is not the one just exported: its SHA-256 is {r.sha256}.</p>}
      {r.problems.length > 0 && (
        <ul className="export-problems" data-testid="export-verify-problems">
          {r.problems.map((p, i) => (
            <li key={i} className="mono wrap" data-fault={p.fault}>
              {problemText(p)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
