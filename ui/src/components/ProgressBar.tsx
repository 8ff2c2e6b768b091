/** A determinate bar when `fraction` is known, an indeterminate one otherwise. */
export function ProgressBar({ fraction, label, testId }: { fraction: number | null; label: string; testId?: string }) {
  const pct = fraction === null ? undefined : Math.round(fraction * 100);
  return (
    <div
      className={fraction === null ? 'progress progress-indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      data-testid={testId}
    >
      <div className="progress-fill" style={fraction === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
