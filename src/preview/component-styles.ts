// HubSpot Canvas look: Lexend Deca, slate text (#33475b), light borders (#cbd6e2), orange primary buttons.
export const componentStyles = `
:root {
  --hs-text: #33475b; --hs-muted: #516f90; --hs-border: #cbd6e2; --hs-border-light: #dfe3eb; --hs-surface: #f5f8fa;
  --hs-orange: #ff7a59; --hs-orange-dark: #ff5c35; --hs-teal: #00a4bd; --hs-green: #00bda5; --hs-yellow: #f5c26b; --hs-red: #f2545b;
  --hs-link: #0091ae;
  --hs-font: 'Lexend Deca', 'Avenir Next', Avenir, 'Segoe UI', Helvetica, Arial, sans-serif;
}
.hs-flex { display: flex; min-width: 0; }
.hs-flex > * { min-width: 0; }
.hs-gap-flush { gap: 0; }
.hs-gap-xs, .hs-gap-extra-small { gap: 4px; }
.hs-gap-sm, .hs-gap-small { gap: 8px; }
.hs-gap-md, .hs-gap-medium { gap: 16px; }
.hs-gap-lg, .hs-gap-large { gap: 24px; }
.hs-gap-xl, .hs-gap-extra-large { gap: 32px; }
.hs-tile { background: #fff; border: 1px solid var(--hs-border); border-radius: 4px; padding: 20px 24px; }
.hs-tile-compact { padding: 12px 16px; background: #fcfdfe; }
.hs-tile-flush { padding: 0; }
.hs-heading { font-size: 16px; font-weight: 600; line-height: 24px; margin: 0; color: var(--hs-text); }
.hs-text { margin: 0; font-size: 14px; line-height: 22px; color: var(--hs-text); }
.hs-microcopy { font-size: 12px; line-height: 18px; color: var(--hs-muted); }
.hs-bold { font-weight: 700; }
.hs-demibold { font-weight: 600; }
.hs-italic { font-style: italic; }
.hs-description-list { display: flex; flex-direction: column; gap: 12px; margin: 0; }
.hs-description-list-row { flex-direction: row; flex-wrap: wrap; gap: 12px 40px; }
.hs-description-item dt { font-size: 12px; line-height: 18px; font-weight: 600; color: var(--hs-muted); margin: 0 0 2px; }
.hs-description-item dd { margin: 0; }
.hs-status-tag { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; line-height: 20px; color: var(--hs-text); white-space: nowrap; }
.hs-status-dot { width: 8px; height: 8px; border-radius: 50%; background: var(--hs-border); flex: none; }
.hs-status-success .hs-status-dot { background: var(--hs-green); }
.hs-status-warning .hs-status-dot { background: var(--hs-yellow); }
.hs-status-danger .hs-status-dot { background: var(--hs-red); }
.hs-status-info .hs-status-dot { background: var(--hs-teal); }
.hs-status-hollow .hs-status-dot { background: transparent; border: 2px solid currentColor; }
.hs-tag { display: inline-block; font-size: 12px; line-height: 18px; padding: 1px 8px; border-radius: 3px; border: 1px solid var(--hs-border); background: #eaf0f6; white-space: nowrap; }
.hs-tag-success { background: #e5f8f6; border-color: #7fded2; }
.hs-tag-warning { background: #fef8f0; border-color: #fae0b5; }
.hs-tag-error { background: #fde8e9; border-color: #f8a9ad; }
.hs-tag-info { background: #e5f5f8; border-color: #7fd1de; }
.hs-progress-header { display: flex; justify-content: space-between; font-size: 14px; margin-bottom: 6px; }
.hs-progress-title { font-weight: 600; }
.hs-progress-value { color: var(--hs-muted); }
.hs-progress-track { height: 8px; background: #eaf0f6; border-radius: 4px; overflow: hidden; }
.hs-progress-fill { height: 100%; border-radius: 4px; transition: width 0.3s; }
.hs-progress-success { background: var(--hs-green); }
.hs-progress-warning { background: var(--hs-yellow); }
.hs-progress-danger { background: var(--hs-red); }
.hs-alert { display: flex; gap: 12px; padding: 12px 16px; border: 1px solid; border-left-width: 4px; border-radius: 3px; font-size: 14px; }
.hs-alert-icon { flex: none; width: 20px; height: 20px; border-radius: 50%; color: #fff; font-weight: 700; font-size: 13px; display: flex; align-items: center; justify-content: center; }
.hs-alert-title { margin: 0; font-weight: 600; }
.hs-alert-body { margin-top: 2px; }
.hs-alert-info, .hs-alert-tip { background: #e5f5f8; border-color: #7fd1de; border-left-color: var(--hs-teal); }
.hs-alert-info .hs-alert-icon, .hs-alert-tip .hs-alert-icon { background: var(--hs-teal); }
.hs-alert-success { background: #e5f8f6; border-color: #7fded2; border-left-color: var(--hs-green); }
.hs-alert-success .hs-alert-icon { background: var(--hs-green); }
.hs-alert-warning { background: #fef8f0; border-color: #fae0b5; border-left-color: var(--hs-yellow); }
.hs-alert-warning .hs-alert-icon { background: #dbae60; }
.hs-alert-error, .hs-alert-danger { background: #fde8e9; border-color: #f8a9ad; border-left-color: var(--hs-red); }
.hs-alert-error .hs-alert-icon, .hs-alert-danger .hs-alert-icon { background: var(--hs-red); }
.hs-spinner { display: inline-flex; align-items: center; gap: 8px; color: var(--hs-muted); font-size: 14px; }
.hs-spinner-centered { display: flex; justify-content: center; padding: 48px 0; }
.hs-spinner-ring { width: 20px; height: 20px; border: 3px solid #eaf0f6; border-top-color: var(--hs-orange); border-radius: 50%; animation: hs-spin 0.8s linear infinite; }
.hs-spinner-md .hs-spinner-ring, .hs-spinner-medium .hs-spinner-ring { width: 32px; height: 32px; }
@keyframes hs-spin { to { transform: rotate(360deg); } }
.hs-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.hs-empty-state { display: flex; gap: 24px; align-items: center; padding: 32px 24px; }
.hs-empty-vertical { flex-direction: column; text-align: center; }
.hs-empty-vertical .hs-empty-content { align-items: center; }
.hs-empty-reverse { flex-direction: row-reverse; }
.hs-empty-content { display: flex; flex-direction: column; gap: 12px; max-width: 520px; }
.hs-empty-title { margin: 0; font-size: 18px; font-weight: 600; }
.hs-illustration { width: 120px; height: 96px; flex: none; }
.hs-statistics { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 16px; }
.hs-statistics-item { padding: 4px 16px 4px 0; border-right: 1px solid var(--hs-border-light); }
.hs-statistics-item:last-child { border-right: none; }
.hs-statistics-label { margin: 0; font-size: 12px; font-weight: 600; line-height: 18px; color: var(--hs-muted); text-transform: uppercase; letter-spacing: 0.02em; }
.hs-statistics-number { margin: 4px 0; font-size: 28px; font-weight: 300; line-height: 36px; color: var(--hs-text); }
.hs-trend { font-size: 12px; line-height: 18px; white-space: nowrap; }
.hs-trend-green { color: #00a38d; }
.hs-trend-red { color: #d94c53; }
.hs-table-wrap { overflow-x: auto; }
.hs-table { width: 100%; border-collapse: collapse; font-size: 14px; line-height: 20px; }
.hs-table th { background: var(--hs-surface); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.02em; color: var(--hs-text); padding: 10px 12px; border-bottom: 1px solid var(--hs-border); }
.hs-table td { padding: 12px; border-bottom: 1px solid var(--hs-border-light); vertical-align: middle; }
.hs-table-condensed td { padding: 6px 12px; }
.hs-table-condensed th { padding: 8px 12px; }
.hs-table-compact td, .hs-table-compact th { padding: 2px 8px; }
.hs-table-bordered { border: 1px solid var(--hs-border); }
.hs-table tbody tr:hover { background: #fafbfc; }
.hs-button { font-family: inherit; display: inline-flex; align-items: center; justify-content: center; border-radius: 3px; border: 1px solid; cursor: pointer; font-weight: 600; text-decoration: none; white-space: nowrap; transition: background 0.15s; }
.hs-button-md { font-size: 14px; padding: 10px 20px; min-height: 40px; }
.hs-button-sm { font-size: 13px; padding: 6px 14px; min-height: 32px; }
.hs-button-xs { font-size: 12px; padding: 3px 10px; min-height: 24px; }
.hs-button-primary { background: var(--hs-orange); border-color: var(--hs-orange); color: #fff; }
.hs-button-primary:hover:not(:disabled) { background: var(--hs-orange-dark); border-color: var(--hs-orange-dark); }
.hs-button-secondary { background: #fff; border-color: var(--hs-orange); color: var(--hs-orange-dark); }
.hs-button-secondary:hover:not(:disabled) { background: #fff8f6; }
.hs-button-destructive { background: var(--hs-red); border-color: var(--hs-red); color: #fff; }
.hs-button-transparent { background: transparent; border-color: transparent; color: var(--hs-link); }
.hs-button:disabled { background: #eaf0f6; border-color: var(--hs-border); color: #b0c1d4; cursor: not-allowed; }
.hs-field { display: flex; flex-direction: column; gap: 4px; min-width: 180px; }
.hs-field-label { font-size: 14px; font-weight: 600; }
.hs-required { color: var(--hs-red); }
.hs-field-description { margin: 0; font-size: 12px; color: var(--hs-muted); }
.hs-field-message { margin: 0; font-size: 12px; color: var(--hs-red); }
.hs-input { font-family: inherit; font-size: 14px; color: var(--hs-text); background: var(--hs-surface); border: 1px solid var(--hs-border); border-radius: 3px; padding: 7px 10px; min-height: 34px; }
.hs-input:focus { outline: none; border-color: var(--hs-teal); box-shadow: 0 0 4px 1px rgba(0, 208, 228, 0.3); background: #fff; }
.hs-select { max-width: 280px; cursor: pointer; }
.hs-select:disabled { cursor: progress; opacity: 0.7; }
.hs-field-error .hs-input { border-color: var(--hs-red); }
`;
