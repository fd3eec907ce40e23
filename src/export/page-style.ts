/** The stylesheet of every exported page: readable on screen, one lesson per printed page. */
export const pageStyle = `:root { color-scheme: light; --ink: #1d1d1f; --muted: #555; --accent: #0b57d0; --ok: #146c2e; --bad: #a50e0e; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #fff; }
header, main, footer, nav { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 2rem; }
a { color: var(--accent); }
.meta, .hint, footer { color: var(--muted); }
.notice { border-left: 4px solid var(--bad); padding: 0.5rem 1rem; background: #fdf3f2; }
pre { overflow-x: auto; background: #f4f4f6; padding: 0.75rem; border-radius: 4px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.95em; }
.lesson { border-top: 1px solid #ddd; margin-top: 2rem; padding-top: 1rem; }
fieldset { border: 1px solid #ccc; border-radius: 6px; margin: 1rem 0; padding: 0.5rem 1rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
.choice { margin: 0.25rem 0; }
button { font: inherit; padding: 0.4rem 1rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #f9ab00; outline-offset: 2px; }
[data-result="correct"] .feedback { color: var(--ok); font-weight: 600; }
[data-result="incorrect"] .feedback { color: var(--bad); font-weight: 600; }
.explanation { border-left: 3px solid #ccc; padding-left: 0.75rem; }
@media print {
  nav, button, .score, .feedback { display: none; }
  .lesson { break-before: page; border: 0; }
  .explanation[hidden] { display: block; }
  a { color: inherit; }
  fieldset, pre { break-inside: avoid; }
}
`;
