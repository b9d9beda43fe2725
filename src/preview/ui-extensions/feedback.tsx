import type {
  AlertProps,
  EmptyStateProps,
  ErrorStateProps,
  LoadingSpinnerProps,
  ProgressBarProps,
  StatusTagProps,
  TagProps,
} from '@hubspot/ui-extensions';
import { classNames, testIdAttribute } from './class-names';

export function StatusTag({ variant = 'default', hollow, children, testId }: StatusTagProps) {
  return (
    <span
      className={classNames('hs-status-tag', `hs-status-${variant}`, hollow && 'hs-status-hollow')}
      {...testIdAttribute(testId)}
    >
      <span className="hs-status-dot" aria-hidden="true" />
      {children}
    </span>
  );
}

export function Tag({ variant = 'default', children, testId }: TagProps) {
  return (
    <span className={classNames('hs-tag', `hs-tag-${variant}`)} {...testIdAttribute(testId)}>
      {children}
    </span>
  );
}

// The stand-in honours what the real component still accepts, deprecated names included.
export function ProgressBar({
  title,
  value = 0,
  maxValue,
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the stand-in must render cards that still pass the old name
  valueMax,
  showPercentage,
  valueDescription,
  variant = 'success',
  testId,
  ...rest
}: ProgressBarProps) {
  const maximum = maxValue ?? valueMax ?? 100;
  const percent = maximum > 0 ? Math.min(100, Math.max(0, (value / maximum) * 100)) : 0;
  return (
    <div className="hs-progress" {...testIdAttribute(testId)}>
      {title || showPercentage || valueDescription ? (
        <div className="hs-progress-header">
          <span className="hs-progress-title">{title}</span>
          <span className="hs-progress-value">{showPercentage ? `${Math.round(percent)}%` : valueDescription}</span>
        </div>
      ) : null}
      <div
        className="hs-progress-track"
        role="progressbar"
        aria-label={rest['aria-label'] ?? title}
        aria-valuenow={value}
        aria-valuemin={0}
        aria-valuemax={maximum}
      >
        <div className={`hs-progress-fill hs-progress-${variant}`} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

const alertIcons = { info: 'i', tip: 'i', success: '✓', warning: '!', error: '!', danger: '!' } as const;

export function Alert({ title, variant = 'info', children, testId }: AlertProps) {
  return (
    <div
      className={classNames('hs-alert', `hs-alert-${variant}`)}
      role={variant === 'error' || variant === 'danger' ? 'alert' : 'status'}
      {...testIdAttribute(testId)}
    >
      <span className="hs-alert-icon" aria-hidden="true">
        {alertIcons[variant]}
      </span>
      <div>
        <p className="hs-alert-title">{title}</p>
        {children ? <div className="hs-alert-body">{children}</div> : null}
      </div>
    </div>
  );
}

export function LoadingSpinner({ label, showLabel, size = 'sm', layout = 'inline', testId }: LoadingSpinnerProps) {
  return (
    <div
      className={classNames('hs-spinner', layout === 'centered' && 'hs-spinner-centered', `hs-spinner-${size}`)}
      role="status"
      {...testIdAttribute(testId)}
    >
      <span className="hs-spinner-ring" aria-hidden="true" />
      <span className={showLabel ? 'hs-spinner-label' : 'hs-visually-hidden'}>{label}</span>
    </div>
  );
}

function Illustration({ tone }: { readonly tone: 'neutral' | 'error' }) {
  const accent = tone === 'error' ? '#f2545b' : '#ff7a59';
  return (
    <svg className="hs-illustration" viewBox="0 0 120 96" aria-hidden="true">
      <rect x="14" y="18" width="92" height="64" rx="6" fill="#eaf0f6" stroke="#cbd6e2" strokeWidth="2" />
      <rect x="26" y="32" width="40" height="6" rx="3" fill="#cbd6e2" />
      <rect x="26" y="46" width="64" height="6" rx="3" fill="#dfe3eb" />
      <rect x="26" y="60" width="52" height="6" rx="3" fill="#dfe3eb" />
      <circle cx="94" cy="22" r="14" fill={accent} />
      <text x="94" y="27" textAnchor="middle" fontSize="15" fontWeight="700" fill="#fff">
        {tone === 'error' ? '!' : '+'}
      </text>
    </svg>
  );
}

export function EmptyState({ title, layout = 'horizontal', reverseOrder, children, testId }: EmptyStateProps) {
  return (
    <div
      className={classNames(
        'hs-empty-state',
        layout === 'vertical' ? 'hs-empty-vertical' : 'hs-empty-horizontal',
        reverseOrder && 'hs-empty-reverse',
      )}
      {...testIdAttribute(testId)}
    >
      <Illustration tone="neutral" />
      <div className="hs-empty-content">
        {title ? <h3 className="hs-empty-title">{title}</h3> : null}
        {children}
      </div>
    </div>
  );
}

export function ErrorState({ title, children, testId }: ErrorStateProps) {
  return (
    <div className="hs-empty-state hs-empty-vertical hs-error-state" role="alert" {...testIdAttribute(testId)}>
      <Illustration tone="error" />
      <div className="hs-empty-content">
        <h3 className="hs-empty-title">{title ?? 'Something went wrong'}</h3>
        {children}
      </div>
    </div>
  );
}
