// The live messages-per-second chart: two polylines (in, out) over the last two minutes, as SVG.
const NS = 'http://www.w3.org/2000/svg';
const W = 480;
const H = 120;

function el(tag, attrs) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** Points of one series scaled into the chart: oldest at the left, newest at the right edge. */
export function points(values, max, slots = 120) {
  const step = W / (slots - 1);
  const offset = slots - values.length;
  return values.map((v, i) => `${((offset + i) * step).toFixed(1)},${(H - (v / max) * (H - 8)).toFixed(1)}`).join(' ');
}

/** Replaces the chart inside `root` with one drawn from `samples` ([{ts, in, out}], oldest first). */
export function drawTraffic(root, samples) {
  const ins = samples.map((s) => s.in);
  const outs = samples.map((s) => s.out);
  const max = Math.max(1, ...ins, ...outs);
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', class: 'chart', role: 'img',
    'aria-label': `messages per second, peak ${max}`,
  });
  svg.append(el('line', { x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5, class: 'axis' }));
  if (samples.length > 1) {
    svg.append(el('polyline', { points: points(outs, max), class: 'series out' }));
    svg.append(el('polyline', { points: points(ins, max), class: 'series in' }));
  }
  const peak = document.createElement('span');
  peak.className = 'peak';
  peak.textContent = `peak ${max} msg/s`;
  root.replaceChildren(peak, svg);
}
