// The preview's own chrome (top bar, portfolio list, record layout); the card's components are styled in component-styles.
export const pageStyles = `
* { box-sizing: border-box; }
body { margin: 0; font-family: var(--hs-font); color: var(--hs-text); background: var(--hs-surface); font-size: 14px; -webkit-font-smoothing: antialiased; }
a { color: var(--hs-link); }
.muted { color: var(--hs-muted); }
.small { font-size: 12px; }
.numeric { text-align: right; font-variant-numeric: tabular-nums; }
.top-bar { display: flex; align-items: center; gap: 24px; height: 52px; padding: 0 24px; background: #213343; color: #fff; }
.top-bar a { color: #fff; text-decoration: none; }
.top-bar-brand { font-weight: 600; font-size: 15px; display: flex; align-items: center; gap: 8px; }
.top-bar-logo { color: var(--hs-orange); font-size: 20px; }
.top-bar-nav { display: flex; gap: 20px; }
.top-bar-nav a { font-size: 14px; opacity: 0.85; }
.top-bar-note { margin-left: auto; font-size: 12px; color: #b0c1d4; }
.page { max-width: 1440px; margin: 0 auto; padding: 24px; }
.page-header { display: flex; justify-content: space-between; align-items: flex-end; gap: 24px; margin-bottom: 16px; }
.page-header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
.page-header p { margin: 0; }
.search { display: flex; gap: 8px; align-items: center; }
.search .hs-input { width: 260px; }
.panel { background: #fff; border: 1px solid var(--hs-border); border-radius: 4px; overflow: hidden; }
.portfolio-table td, .portfolio-table th { padding: 10px 16px; }
.record-link { font-weight: 600; text-decoration: none; }
.record-link:hover { text-decoration: underline; }
.pager { display: flex; justify-content: flex-end; padding: 16px 0; }
.page:has(.record) { padding: 0; max-width: none; }
.record { display: grid; grid-template-columns: 300px minmax(0, 1fr); min-height: calc(100vh - 52px); }
.record-sidebar { background: #fff; border-right: 1px solid var(--hs-border); padding: 16px 20px; }
.back-link { font-size: 13px; text-decoration: none; font-weight: 600; }
.record-identity { display: flex; flex-direction: column; align-items: center; text-align: center; padding: 16px 0 8px; }
.record-identity p { margin: 2px 0 0; }
.avatar { width: 56px; height: 56px; border-radius: 6px; background: #eaf0f6; border: 1px solid var(--hs-border); display: flex; align-items: center; justify-content: center; font-weight: 600; font-size: 20px; color: var(--hs-muted); }
.record-name { font-size: 20px; font-weight: 600; margin: 12px 0 0; }
.quick-actions { display: flex; justify-content: center; gap: 10px; padding: 12px 0 16px; border-bottom: 1px solid var(--hs-border-light); }
.quick-action { display: flex; flex-direction: column; align-items: center; gap: 4px; font-size: 11px; color: var(--hs-muted); }
.quick-action-icon { width: 32px; height: 32px; border-radius: 50%; border: 1px solid var(--hs-border); background: var(--hs-surface); }
.record-about h2 { font-size: 14px; font-weight: 600; margin: 16px 0 8px; }
.record-about dl { margin: 0; display: flex; flex-direction: column; gap: 12px; }
.property dt { font-size: 12px; color: var(--hs-muted); }
.property dd { margin: 2px 0 0; }
.record-main { padding: 0 24px 32px; min-width: 0; }
.record-tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--hs-border); margin-bottom: 16px; }
.record-tab { padding: 14px 16px 12px; font-size: 14px; color: var(--hs-muted); border-bottom: 3px solid transparent; }
.record-tab-active { color: var(--hs-text); font-weight: 600; border-bottom-color: var(--hs-text); }
.extension-card { background: #fff; border: 1px solid var(--hs-border); border-radius: 4px; }
.extension-card-header { display: flex; justify-content: space-between; align-items: baseline; padding: 16px 24px; border-bottom: 1px solid var(--hs-border-light); }
.extension-card-header h2 { margin: 0; font-size: 16px; font-weight: 600; }
.extension-card-body { padding: 16px 24px 24px; }
.extension-card-body .hs-tile { background: #fff; }
.digest { margin-bottom: 16px; padding: 16px 20px; }
.digest-subject { font-size: 16px; font-weight: 600; margin: 0 0 8px; }
.digest-facts { display: flex; flex-wrap: wrap; gap: 8px 32px; margin: 0 0 12px; }
.digest-facts dt { font-size: 12px; color: var(--hs-muted); }
.digest-facts dd { margin: 0; }
.digest-mail { display: block; width: 100%; height: 380px; border: 1px solid var(--hs-border); border-radius: 4px; background: #fff; }
`;
