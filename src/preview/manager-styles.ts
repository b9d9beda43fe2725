// The manager page's layout and the chart stand-ins; served as its own stylesheet next to the preview's.
export const managerStyles = `
.app-home { display: flex; flex-direction: column; gap: 16px; }
.app-home .hs-tile { background: #fff; }
.hs-chart { flex: 1 1 440px; min-width: 320px; max-width: 760px; margin: 0; }
.hs-chart-title { font-size: 14px; font-weight: 600; margin-bottom: 6px; }
.hs-chart-svg { width: 100%; height: auto; display: block; }
.hs-chart-legend { display: flex; flex-wrap: wrap; gap: 16px; list-style: none; margin: 0 0 4px; padding: 0; font-size: 12px; color: var(--hs-muted); }
.hs-chart-legend li { display: flex; align-items: center; gap: 6px; }
.hs-chart-swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; }
.hs-page-title { font-size: 20px; font-weight: 600; margin: 0; }
.hs-breadcrumbs { font-size: 13px; color: var(--hs-muted); }
.hs-chart-empty { color: var(--hs-muted); font-size: 14px; padding: 24px 0; margin: 0; }
`;
