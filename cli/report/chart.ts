/**
 * The trend chart: open findings over time as stacked steps by severity
 * (critical at the bottom), in inline SVG with a count axis, a date axis, a
 * legend and the latest counts labelled beside the last step, so severity
 * never rests on colour alone. One run is drawn as a single column.
 */
import { SEVERITIES, type Severity } from '../../shared/model.js';
import { SEVERITY_LABELS, formatTime } from './format.js';
import { html, type Html } from './markup.js';
import { countTicks, timeTicks } from './scale.js';
import { downsample, type TrendPoint } from './trend.js';

const WIDTH = 960;
const HEIGHT = 300;
const MARGIN = { top: 46, right: 132, bottom: 34, left: 46 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
/** About one point per two pixels is as fine as the eye can see. */
const MAX_POINTS = Math.floor(PLOT_WIDTH / 2);
/** Beyond this many runs the markers would merge into a line. */
const MAX_MARKERS = 60;
const SINGLE_COLUMN_WIDTH = 72;
const LABEL_GAP = 15;

const round = (n: number) => Math.round(n * 10) / 10;

export function trendChart(allPoints: readonly TrendPoint[]): Html {
  if (allPoints.length === 0) return html``;
  const points = downsample(allPoints, MAX_POINTS);
  const first = points[0];
  const last = points[points.length - 1];

  const yTicks = countTicks(Math.max(...points.map((p) => p.total)));
  const yMax = yTicks[yTicks.length - 1];
  const y = (count: number) => round(MARGIN.top + PLOT_HEIGHT - (count / yMax) * PLOT_HEIGHT);

  const single = first.at === last.at;
  // The last state is held a little past the last run so it has a visible width.
  const end = single ? first.at : last.at + (last.at - first.at) * 0.04;
  const x = (t: number) => (single ? MARGIN.left + PLOT_WIDTH / 2 : round(MARGIN.left + ((t - first.at) / (end - first.at)) * PLOT_WIDTH));

  const bands = single ? columnBands(last, x(last.at), y) : stepBands(points, x, end, y);
  const labelX = single ? x(last.at) + SINGLE_COLUMN_WIDTH / 2 + 12 : MARGIN.left + PLOT_WIDTH + 12;
  const xTicks = single ? [{ at: first.at, label: formatTime(new Date(first.at).toISOString()) }] : timeTicks(first.at, end, 7);

  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="trend-title trend-desc" preserveAspectRatio="xMidYMid meet">
<title id="trend-title">Open findings over time, by severity</title>
<desc id="trend-desc">${description(allPoints)}</desc>
${legend()}
<g class="grid">${yTicks.map((t) => html`<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_WIDTH}" y1="${y(t)}" y2="${y(t)}"/>`)}</g>
<g class="axis y-axis">${yTicks.map((t) => html`<text x="${MARGIN.left - 8}" y="${y(t) + 4}" text-anchor="end">${t}</text>`)}</g>
<g class="${points.length <= MAX_MARKERS ? 'bands outlined' : 'bands'}">${bands}</g>
${single ? html`` : totalLine(points, x, end, y)}
${points.length <= MAX_MARKERS ? markers(points, x, y) : html``}
<g class="axis x-axis">
<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_WIDTH}" y1="${y(0)}" y2="${y(0)}"/>
${xTicks.map((t) => html`<line x1="${x(t.at)}" x2="${x(t.at)}" y1="${y(0)}" y2="${y(0) + 5}"/><text x="${x(t.at)}" y="${y(0) + 20}" text-anchor="middle">${t.label}</text>`)}
</g>
${latestLabels(last, labelX, y)}
</svg>`;
}

/** Cumulative counts below and up to each severity, critical first. */
function stack(p: TrendPoint): { severity: Severity; lower: number; upper: number }[] {
  let sum = 0;
  return SEVERITIES.map((severity) => {
    const lower = sum;
    sum += p.open[severity];
    return { severity, lower, upper: sum };
  });
}

function stepBands(points: readonly TrendPoint[], x: (t: number) => number, end: number, y: (n: number) => number): Html[] {
  const stacks = points.map(stack);
  const xs = [...points.map((p) => x(p.at)), x(end)];
  return SEVERITIES.flatMap((severity, k) => {
    if (points.every((p) => p.open[severity] === 0)) return [];
    const upper = stacks.flatMap((s, i) => [`${xs[i]},${y(s[k].upper)}`, `${xs[i + 1]},${y(s[k].upper)}`]);
    const lower = stacks.flatMap((s, i) => [`${xs[i]},${y(s[k].lower)}`, `${xs[i + 1]},${y(s[k].lower)}`]);
    return [html`<path class="band fill-${severity}" d="M${[...upper, ...lower.reverse()].join('L')}Z"><title>${SEVERITY_LABELS[severity]}</title></path>`];
  });
}

function columnBands(p: TrendPoint, center: number, y: (n: number) => number): Html[] {
  const left = center - SINGLE_COLUMN_WIDTH / 2;
  return stack(p)
    .filter((s) => s.upper > s.lower)
    .map(
      (s) =>
        html`<rect class="band fill-${s.severity}" x="${left}" width="${SINGLE_COLUMN_WIDTH}" y="${y(s.upper)}" height="${round(y(s.lower) - y(s.upper))}"><title>${SEVERITY_LABELS[s.severity]}: ${p.open[s.severity]}</title></rect>`,
    );
}

function totalLine(points: readonly TrendPoint[], x: (t: number) => number, end: number, y: (n: number) => number): Html {
  const xs = [...points.map((p) => x(p.at)), x(end)];
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${xs[i]},${y(p.total)}H${xs[i + 1]}`).join('');
  return html`<path class="total-line" d="${d}"/>`;
}

function markers(points: readonly TrendPoint[], x: (t: number) => number, y: (n: number) => number): Html {
  return html`<g class="markers">${points.map(
    (p) => html`<circle cx="${x(p.at)}" cy="${y(p.total)}" r="3.5"><title>${formatTime(new Date(p.at).toISOString())}: ${breakdown(p)}</title></circle>`,
  )}</g>`;
}

function legend(): Html {
  const itemWidth = 92;
  return html`<g class="legend">${SEVERITIES.map(
    (s, i) =>
      html`<g transform="translate(${MARGIN.left + i * itemWidth},14)"><rect class="fill-${s}" width="12" height="12" rx="2"/><text x="18" y="10.5">${SEVERITY_LABELS[s]}</text></g>`,
  )}<g transform="translate(${MARGIN.left + SEVERITIES.length * itemWidth},14)"><line class="total-line" x1="0" x2="16" y1="6" y2="6"/><text x="22" y="10.5">Total open</text></g></g>`;
}

/** The latest counts beside the last step, nudged apart so thin bands keep readable labels. */
function latestLabels(p: TrendPoint, left: number, y: (n: number) => number): Html {
  const labels = stack(p)
    .filter((s) => s.upper > s.lower)
    .map((s) => ({ severity: s.severity, at: (y(s.lower) + y(s.upper)) / 2 }))
    .sort((a, b) => a.at - b.at);
  for (let i = 1; i < labels.length; i++) labels[i].at = Math.max(labels[i].at, labels[i - 1].at + LABEL_GAP);
  const overflow = labels.length ? labels[labels.length - 1].at - y(0) : 0;
  if (overflow > 0) for (const l of labels) l.at -= overflow;
  return html`<g class="latest">${labels.map(
    (l) =>
      html`<g transform="translate(${left},${round(l.at)})"><rect class="fill-${l.severity}" y="-5" width="10" height="10" rx="2"/><text x="15" y="4"><tspan class="count">${p.open[l.severity]}</tspan> ${SEVERITY_LABELS[l.severity].toLowerCase()}</text></g>`,
  )}</g>`;
}

function breakdown(p: TrendPoint): string {
  const parts = SEVERITIES.filter((s) => p.open[s] > 0).map((s) => `${p.open[s]} ${s}`);
  return `${p.total} open${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function description(points: readonly TrendPoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  const when = (p: TrendPoint) => formatTime(new Date(p.at).toISOString());
  if (points.length === 1) return `One audit, ${when(first)}: ${breakdown(first)}.`;
  return `${points.length} points from ${when(first)} to ${when(last)}. First: ${breakdown(first)}. Latest: ${breakdown(last)}.`;
}
