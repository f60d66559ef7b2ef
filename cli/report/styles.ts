/**
 * The report's only style sheet, inlined: system fonts, light and dark
 * palettes (prefers-color-scheme), and a print layout. Severity colours are
 * tinted badges with dark text (light) or light text (dark), all above 4.5:1
 * contrast, and always carry the severity's name.
 */
export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #f4f6f8; --surface: #ffffff; --surface-2: #f8f9fb; --text: #1b2027; --muted: #5d6773; --border: #dfe3e8;
  --accent: #1f5bc4; --code-bg: #eef1f5; --grid: #e7eaee; --axis: #9aa3ad; --line: #1b2027;
  --critical: #c9302c; --high: #ec7a1c; --medium: #f0c03a; --low: #4f86e8; --info: #a3adb9;
  --critical-bg: #fde7e6; --critical-fg: #8c1d18; --high-bg: #ffeedd; --high-fg: #8f3b00;
  --medium-bg: #fff4cc; --medium-fg: #6b4b00; --low-bg: #e6eefd; --low-fg: #1d4796; --info-bg: #eceff3; --info-fg: #3d4652;
  --good-bg: #e3f4e8; --good-fg: #1c5e33; --warn-bg: #fff4cc; --warn-fg: #6b4b00;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1116; --surface: #161b22; --surface-2: #1b212a; --text: #e6e9ee; --muted: #9aa5b2; --border: #2b323c;
    --accent: #7eb0ff; --code-bg: #222a35; --grid: #252c36; --axis: #5c6673; --line: #e6e9ee;
    --critical: #f0605a; --high: #ff9a4a; --medium: #f2cd5c; --low: #77a3ff; --info: #7f8a97;
    --critical-bg: #4b1714; --critical-fg: #ffb9b3; --high-bg: #4a260a; --high-fg: #ffc08f;
    --medium-bg: #41340b; --medium-fg: #f6d77a; --low-bg: #142b52; --low-fg: #b0c9ff; --info-bg: #29303a; --info-fg: #c8cfd8;
    --good-bg: #14361f; --good-fg: #9fe0b2; --warn-bg: #41340b; --warn-fg: #f6d77a;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
}
main { max-width: 1180px; margin: 0 auto; padding: 28px 28px 48px; }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus-visible { text-decoration: underline; }
code, .arn, .account-id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
h2 { font-size: 20px; margin: 0 0 14px; display: flex; align-items: center; gap: 10px; }
h3 { font-size: 15px; margin: 22px 0 10px; display: flex; align-items: center; gap: 8px; }
section { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 22px 24px; margin-top: 20px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.block { display: block; }
.lead { color: var(--muted); margin: -6px 0 14px; }
.empty { color: var(--muted); font-style: italic; margin: 0; }
.count-pill { font-size: 12px; font-weight: 600; color: var(--muted); background: var(--surface-2); border: 1px solid var(--border); border-radius: 999px; padding: 1px 9px; }

.page-header { padding: 6px 0 4px; }
.eyebrow { margin: 0 0 6px; color: var(--muted); font-size: 12px; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; }
.page-header h1 { font-size: 28px; font-weight: 700; display: flex; flex-wrap: wrap; align-items: baseline; gap: 12px; }
.page-header h1 .account-id { font-size: 18px; font-weight: 500; color: var(--muted); }
.accounts { margin: 6px 0 0; }
.meta { display: flex; flex-wrap: wrap; gap: 8px 32px; margin: 14px 0 0; }
.meta div { display: flex; flex-direction: column; }
.meta dt { color: var(--muted); font-size: 12px; }
.meta dd { margin: 0; font-weight: 500; }
.notice { margin: 16px 0 0; padding: 10px 14px; border-radius: 8px; background: var(--warn-bg); color: var(--warn-fg); }

.totals { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); gap: 12px; margin-top: 20px; }
.total { display: flex; flex-direction: column; gap: 2px; padding: 12px 14px; border-radius: 10px; background: var(--surface); border: 1px solid var(--border); border-top: 4px solid var(--sev, var(--border)); color: var(--text); }
.total:hover { text-decoration: none; border-color: var(--sev, var(--axis)); }
.total-label { font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.total-count { font-size: 30px; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.total-delta { font-size: 12px; color: var(--muted); }
.total-critical { --sev: var(--critical); } .total-high { --sev: var(--high); } .total-medium { --sev: var(--medium); }
.total-low { --sev: var(--low); } .total-info { --sev: var(--info); }

.sev { display: inline-block; min-width: 64px; text-align: center; font-size: 11px; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; padding: 2px 8px; border-radius: 4px; border: 1px solid transparent; white-space: nowrap; }
.sev-critical { background: var(--critical-bg); color: var(--critical-fg); border-color: var(--critical); }
.sev-high { background: var(--high-bg); color: var(--high-fg); border-color: var(--high); }
.sev-medium { background: var(--medium-bg); color: var(--medium-fg); border-color: var(--medium); }
.sev-low { background: var(--low-bg); color: var(--low-fg); border-color: var(--low); }
.sev-info { background: var(--info-bg); color: var(--info-fg); border-color: var(--info); }

.chart { width: 100%; height: auto; display: block; }
.chart text { fill: var(--muted); font-size: 12px; font-family: inherit; }
.chart .legend text, .chart .latest text { fill: var(--text); }
.chart .latest .count { font-weight: 700; }
.chart .grid line { stroke: var(--grid); }
.chart .axis line { stroke: var(--axis); }
/* Seams between bands help a few wide steps; on hundreds of narrow ones they would be noise. */
.chart .outlined .band { stroke: var(--surface); stroke-width: 0.6; }
.chart .total-line { fill: none; stroke: var(--line); stroke-width: 1.6; }
.chart .markers circle { fill: var(--surface); stroke: var(--line); stroke-width: 1.6; }
.fill-critical { fill: var(--critical); } .fill-high { fill: var(--high); } .fill-medium { fill: var(--medium); }
.fill-low { fill: var(--low); } .fill-info { fill: var(--info); }
figure.trend { margin: 0; }
figure.trend figcaption { color: var(--muted); margin-top: 6px; }

table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; font-size: 12px; font-weight: 600; color: var(--muted); padding: 6px 10px; border-bottom: 1px solid var(--border); white-space: nowrap; }
td { padding: 8px 10px; border-bottom: 1px solid var(--border); vertical-align: top; overflow-wrap: anywhere; }
tbody tr:last-child td { border-bottom: none; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
.col-resource { width: 32%; }
.col-day { width: 108px; }
.col-time { width: 104px; }
table.fixed { table-layout: fixed; }
table.fixed .col-resource { width: 27%; }
.col-change { width: 118px; }
.col-rule { width: 224px; }
.col-actor { width: 16%; }
#detections table.fixed .col-resource { width: 24%; }
.rule-line { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; margin-bottom: 3px; }
tr.group-head th { background: var(--surface-2); color: var(--text); font-size: 12.5px; padding: 8px 10px; border-top: 1px solid var(--border); }
td .status { white-space: nowrap; }
td time { white-space: nowrap; }
table.wide { margin-top: 4px; }
.res { font-weight: 500; }
.res-link { color: var(--text); text-decoration: underline; text-decoration-color: var(--border); text-underline-offset: 2px; }
.res-link:hover { text-decoration-color: var(--accent); }
.arn { color: var(--muted); font-size: 11.5px; overflow-wrap: anywhere; }
.qualifier { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11px; font-weight: 500; background: var(--code-bg); border-radius: 4px; padding: 1px 6px; }
.check-id { background: var(--code-bg); border-radius: 4px; padding: 1px 6px; white-space: nowrap; }
.actor { overflow-wrap: anywhere; }

.severity-group { margin-top: 8px; }
.severity-group + .severity-group { margin-top: 26px; }
.severity-group > h3 { margin: 0 0 12px; font-size: 14px; color: var(--muted); font-weight: 600; }
.check-group { border: 1px solid var(--border); border-radius: 8px; margin-top: 12px; background: var(--surface); overflow: hidden; }
.check-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 10px; padding: 10px 14px; background: var(--surface-2); border-bottom: 1px solid var(--border); }
.check-head h4 { font-size: 14.5px; font-weight: 600; }
.check-head .small { margin-left: auto; }
.check-group table th:first-child, .check-group table td:first-child { padding-left: 14px; }
.check-group table th:last-child, .check-group table td:last-child { padding-right: 14px; }

details.remediation { border-top: 1px solid var(--border); }
details.remediation > summary { cursor: pointer; padding: 8px 14px; color: var(--accent); font-weight: 600; font-size: 13px; }
.remediation-body { padding: 0 14px 12px; font-size: 13px; }
.remediation-body p { margin: 0 0 8px; }
code.cmd { display: inline; background: var(--code-bg); border-radius: 4px; padding: 1px 5px; overflow-wrap: anywhere; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.refs-line { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; }
ul.refs { display: inline-flex; flex-wrap: wrap; gap: 4px 6px; margin: 0; padding: 0; list-style: none; }
ul.refs li { background: var(--surface-2); border: 1px solid var(--border); border-radius: 4px; padding: 0 6px; font-size: 12px; }

.change { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px; background: var(--info-bg); color: var(--info-fg); white-space: nowrap; }
.change-opened, .change-reopened { background: var(--critical-bg); color: var(--critical-fg); }
.change-resolved { background: var(--good-bg); color: var(--good-fg); }
.change-severity-changed { background: var(--warn-bg); color: var(--warn-fg); }
.status { font-weight: 600; font-size: 12px; }
.status-evaluated { color: var(--good-fg); }
.status-skipped { color: var(--warn-fg); }
.status-not-run { color: var(--muted); }
.status-not-selected { color: var(--muted); }
table.coverage td { vertical-align: middle; }

details.runs { margin-top: 14px; }
details.runs > summary { cursor: pointer; color: var(--accent); font-weight: 600; font-size: 13px; }

/* An organization: the table of accounts and a section per account. */
.accounts-table th.num .sev { min-width: 0; padding: 1px 5px; font-size: 10px; }
.accounts-table td { vertical-align: middle; }
.accounts-table td.ou { white-space: nowrap; }
.account-name { font-weight: 600; }
.count { display: inline-block; min-width: 26px; text-align: center; font-weight: 700; font-size: 12px; padding: 1px 6px; border-radius: 4px; border: 1px solid transparent; }
.count-critical { background: var(--critical-bg); color: var(--critical-fg); border-color: var(--critical); }
.count-high { background: var(--high-bg); color: var(--high-fg); border-color: var(--high); }
.count-medium { background: var(--medium-bg); color: var(--medium-fg); border-color: var(--medium); }
.count-low { background: var(--low-bg); color: var(--low-fg); border-color: var(--low); }
.count-info { background: var(--info-bg); color: var(--info-fg); border-color: var(--info); }
.failing { color: var(--critical-fg); font-weight: 600; }
tr.row-failing td:first-child { box-shadow: inset 3px 0 0 var(--critical); }
.reason { overflow-wrap: anywhere; max-width: 420px; }
details.account-page { border: 1px solid var(--border); border-radius: 8px; margin-top: 10px; padding: 0 14px; background: var(--surface); }
details.account-page > summary { cursor: pointer; padding: 10px 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 10px; }
details.account-page[open] > summary { border-bottom: 1px solid var(--border); margin-bottom: 8px; }
details.account-page .meta { margin: 4px 0 10px; }
details.account-page .wide-fact { flex-basis: 100%; }
details.account-page table { margin-bottom: 10px; }
.account-title { font-weight: 600; font-size: 15px; }
.col-sev { width: 96px; }
.status-organization { color: var(--muted); }

footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 28px; }

@media (max-width: 900px) {
  main { padding: 16px; }
  .totals { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  section { padding: 16px; }
}
@media print {
  :root { color-scheme: light; }
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  section { border: none; padding: 0; margin-top: 18px; break-inside: auto; }
  h2 { break-after: avoid; }
  .check-group, tr, .total { break-inside: avoid; }
  .totals { grid-template-columns: repeat(7, minmax(0, 1fr)); gap: 6px; }
  .total { padding: 6px 8px; }
  .total-count { font-size: 20px; }
  a { color: inherit; }
  details.remediation::details-content, details.account-page::details-content { content-visibility: visible; display: block; }
  details.account-page { break-inside: auto; }
  details.remediation > summary { list-style: none; padding-bottom: 0; color: inherit; }
  details.runs { display: none; }
}
`;
