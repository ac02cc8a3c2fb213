/**
 * A vector (SVG) drawing of a Results chart from the same data as the canvas (analysis-chart.ts): bars (simple,
 * grouped, stacked, 100 %, histogram, horizontal), the diverging Likert bars, pie and doughnut. Text stays text
 * (`<text>`), so a report writer can edit it; colours, title, legend and the values on the bars are the canvas's.
 * A hidden count (null) is never drawn as a shape: a bar chart marks its place with "< k" or "×", a pie lists it
 * in the legend. Hand-written rather than a canvas-to-SVG shim, so that the file stays small, readable and ours.
 */
import { OKABE_ITO, textColourOn, type ChartData } from './analysis-chart';

export interface SvgWords {
  title: string;
  /** Under the title: the layer of a 3-way table, for one. */
  subtitle?: string;
  /** The value axis: "Children" or "Percent (%)". */
  valueTitle: string;
  /** Numbers on the axis, in the interface's language. */
  number: (value: number) => string;
  /** Under the chart: what its marks mean when some count is hidden. */
  note?: string;
}

const WIDTH = 900;
const FONT = 13;
/** Rough width of a character at 13 px in a sans-serif font, to lay out labels without measuring. */
const CHAR = 7;

export const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
const fixed = (n: number) => (Math.round(n * 10) / 10).toString();
const clip = (text: string, chars: number) => (text.length > chars ? text.slice(0, Math.max(1, chars - 1)) + '…' : text);

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${fixed(x)}" y="${fixed(y)}"${attrs ? ' ' + attrs : ''}>${escapeXml(content)}</text>`;
}

/** 1, 2, 2.5 or 5 × 10^k: a tick step near `rough`; whole, since the axes count children or whole percents. */
function niceStep(rough: number): number {
  if (!(rough > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 && power >= 10 ? 2.5 : f <= 5 ? 5 : 10) * power;
}

interface Legend {
  entries: { label: string; colour: string }[];
}

/** Legend entries in rows under the plot; returns the SVG and its height. */
function legendSvg(legend: Legend, top: number): { svg: string[]; height: number } {
  const svg: string[] = [];
  let x = 20;
  let y = top;
  for (const entry of legend.entries) {
    const label = clip(entry.label, 60);
    const w = 16 + label.length * CHAR + 24;
    if (x + w > WIDTH - 20 && x > 20) {
      x = 20;
      y += 22;
    }
    svg.push(`<rect class="legend-key" x="${x}" y="${y - 11}" width="12" height="12" fill="${entry.colour}"/>`);
    svg.push(text(x + 16, y, label));
    x += w;
  }
  return { svg, height: legend.entries.length === 0 ? 0 : y - top + 22 };
}

/** The legend of a bar chart: one entry per series label (a diverging neutral point is two half-series), in rank order. */
function barLegend(data: ChartData): Legend {
  const seen = new Map<string, { label: string; colour: string; rank: number }>();
  data.series.forEach((s, i) => {
    if (!seen.has(s.label)) seen.set(s.label, { label: s.label, colour: s.colour, rank: s.rank ?? i });
  });
  return { entries: [...seen.values()].sort((a, b) => a.rank - b.rank) };
}

function header(words: SvgWords): { svg: string[]; height: number } {
  const svg = [text(WIDTH / 2, 30, words.title, 'text-anchor="middle" font-size="17" font-weight="bold"')];
  if (words.subtitle) svg.push(text(WIDTH / 2, 52, words.subtitle, 'text-anchor="middle" font-size="14"'));
  return { svg, height: words.subtitle ? 68 : 50 };
}

function wrap(height: number, body: string[], label: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${Math.ceil(height)}" viewBox="0 0 ${WIDTH} ${Math.ceil(height)}" font-family="sans-serif" font-size="${FONT}" role="img" aria-label="${escapeXml(label)}">`,
    `<rect width="${WIDTH}" height="${Math.ceil(height)}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

export function chartSvg(data: ChartData, words: SvgWords): string {
  return data.kind === 'bar' ? barSvg(data, words) : pieSvg(data, words);
}

function barSvg(data: ChartData, words: SvgWords): string {
  const head = header(words);
  const n = data.labels.length;
  const horizontal = data.horizontal;
  // Value range: stacked bars add up per category (negatives apart, for diverging bars).
  let low = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    if (data.stacked) {
      let neg = 0;
      let pos = 0;
      for (const s of data.series) {
        const v = s.values[i] ?? 0;
        if (v < 0) neg += v;
        else pos += v;
      }
      low = Math.min(low, neg);
      high = Math.max(high, pos);
    } else {
      for (const s of data.series) high = Math.max(high, s.values[i] ?? 0);
    }
  }
  const fullStack = data.percent && data.stacked && !data.diverging;
  if (fullStack) high = 100;
  // A diverging chart is symmetric around zero, so left and right bars compare at a glance.
  if (data.diverging) high = Math.max(high, -low);
  const step = niceStep(high / (data.diverging ? 3 : 5));
  // Room above plain bars for the value written over them; stacked values are written inside.
  const axisHigh = Math.max(step, Math.ceil((high * (data.stacked ? 1 : 1.08)) / step) * step);
  const axisLow = data.diverging ? -axisHigh : 0;

  const labelChars = Math.max(...data.labels.map((l) => l.length), 1);
  const rotate = !horizontal && n * Math.min(labelChars, 24) * CHAR > WIDTH - 120;
  const leftLabels = horizontal ? Math.min(200, 16 + Math.min(labelChars, 26) * CHAR) : 64;
  const plot = {
    left: leftLabels + (horizontal ? 10 : 0),
    right: WIDTH - 30,
    top: head.height + 10,
    bottom: 0,
  };
  const bandSize = horizontal ? Math.max(30, Math.min(70, 360 / Math.max(1, n))) : 0;
  const plotHeight = horizontal ? bandSize * n : 340;
  plot.bottom = plot.top + plotHeight;
  const axisLabelSpace = horizontal ? 48 : rotate ? 40 + Math.min(labelChars, 24) * CHAR * 0.6 : 44;
  const legend = data.series.length > 1 ? barLegend(data) : { entries: [] };
  const legendTop = plot.bottom + axisLabelSpace + 16;
  const legendPart = legendSvg(legend, legendTop);
  const noteTop = legendTop + legendPart.height + 6;
  const height = noteTop + (data.hidden && words.note ? 24 : 0) + 8;

  const body: string[] = [...head.svg];
  // Value axis: the scale, its grid lines and its title.
  const valueAt = (v: number) =>
    horizontal ? plot.left + ((v - axisLow) / (axisHigh - axisLow)) * (plot.right - plot.left) : plot.bottom - ((v - axisLow) / (axisHigh - axisLow)) * (plot.bottom - plot.top);
  for (let v = axisLow; v <= axisHigh + step / 1000; v += step) {
    const p = valueAt(v);
    const tick = words.number(Math.abs(Math.round(v * 1000) / 1000));
    if (horizontal) {
      body.push(`<line x1="${fixed(p)}" x2="${fixed(p)}" y1="${plot.top}" y2="${plot.bottom}" stroke="${Math.abs(v) < 1e-9 ? '#333333' : '#dddddd'}"/>`);
      body.push(text(p, plot.bottom + 18, tick, 'text-anchor="middle"'));
    } else {
      body.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${fixed(p)}" y2="${fixed(p)}" stroke="${Math.abs(v) < 1e-9 ? '#333333' : '#dddddd'}"/>`);
      body.push(text(plot.left - 6, p + 4, tick, 'text-anchor="end"'));
    }
  }
  if (horizontal) body.push(text((plot.left + plot.right) / 2, plot.bottom + 40, words.valueTitle, 'text-anchor="middle"'));
  else body.push(`<text transform="translate(16 ${fixed((plot.top + plot.bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(words.valueTitle)}</text>`);

  // Category axis and bars.
  const bands = horizontal ? plot.bottom - plot.top : plot.right - plot.left;
  const band = bands / Math.max(1, n);
  const zero = valueAt(0);
  for (let i = 0; i < n; i++) {
    const start = (horizontal ? plot.top : plot.left) + i * band;
    const label = data.labels[i]!;
    if (horizontal) body.push(text(plot.left - 8, start + band / 2 + 4, clip(label, Math.floor((leftLabels - 10) / CHAR)), 'text-anchor="end"'));
    else if (rotate) body.push(text(start + band / 2, plot.bottom + 14, clip(label, 24), `text-anchor="end" transform="rotate(-35 ${fixed(start + band / 2)} ${fixed(plot.bottom + 14)})"`));
    else body.push(text(start + band / 2, plot.bottom + 18, clip(label, Math.max(4, Math.floor(band / CHAR))), 'text-anchor="middle"'));

    let pos = 0;
    let neg = 0;
    data.series.forEach((s, j) => {
      const v = s.values[i] ?? null;
      const thickness = data.stacked ? band * 0.6 : (band * 0.8) / data.series.length;
      const offset = data.stacked ? band * 0.2 : band * 0.1 + j * thickness;
      const across = start + offset;
      const label = s.texts[i] ?? '';
      if (v === null) {
        // Where the bar would be: "< k" or "×". A stacked bar marks only a wholly hidden bar, once.
        const wholeBarHidden = data.stacked && j === data.series.findIndex((x) => x.texts[i]) && data.series.every((x) => x.values[i] === null || x.values[i] === undefined);
        if (label && (!data.stacked || wholeBarHidden)) {
          if (horizontal) body.push(text(zero + 6, across + thickness / 2 + 4, label, 'fill="#555555" class="hidden-mark"'));
          else body.push(text(across + thickness / 2, zero - 6, label, 'text-anchor="middle" fill="#555555" class="hidden-mark"'));
        }
        return;
      }
      const from = data.stacked ? (v < 0 ? neg : pos) : 0;
      const to = from + v;
      if (data.stacked) {
        if (v < 0) neg = to;
        else pos = to;
      }
      const a = valueAt(from);
      const b = valueAt(to);
      const x = horizontal ? Math.min(a, b) : across;
      const y = horizontal ? across : Math.min(a, b);
      const w = horizontal ? Math.abs(b - a) : thickness;
      const h = horizontal ? thickness : Math.abs(b - a);
      body.push(`<rect class="bar" x="${fixed(x)}" y="${fixed(y)}" width="${fixed(w)}" height="${fixed(h)}" fill="${s.colour}"><title>${escapeXml(`${s.label}: ${label}`)}</title></rect>`);
      // The value on the bar, where it fits (zeros of many series would only clutter; the table has them).
      if (!label || (v === 0 && data.series.length > 1)) return;
      const size = horizontal ? w : h;
      if (data.stacked) {
        if (size < (horizontal ? label.length * 6.5 + 6 : 14)) return;
        body.push(text(x + w / 2, y + h / 2 + 4, label, `text-anchor="middle" font-size="11" fill="${textColourOn(s.colour)}"`));
      } else if (horizontal) body.push(text(x + w + 4, y + h / 2 + 4, label, 'font-size="11"'));
      else {
        // Side by side bars are narrow: the count alone when "12 (34,5 %)" would run into the next bar.
        const fits = (t: string) => data.series.length === 1 || t.length * 6 <= w + 6;
        const short = label.replace(/\s*\(.*\)$/, '');
        const shown = fits(label) ? label : fits(short) ? short : '';
        if (shown) body.push(text(x + w / 2, y - 4, shown, 'text-anchor="middle" font-size="11"'));
      }
    });
  }
  body.push(...legendPart.svg);
  if (data.hidden && words.note) body.push(text(20, noteTop + 10, words.note, 'font-size="12" fill="#555555" class="note"'));
  return wrap(height, body, words.subtitle ? `${words.title} — ${words.subtitle}` : words.title);
}

function pieSvg(data: ChartData, words: SvgWords): string {
  const head = header(words);
  const series = data.series[0];
  const values = series?.values ?? [];
  const total = values.reduce<number>((sum, v) => sum + (v !== null && v > 0 ? v : 0), 0);
  const radius = 170;
  const cx = WIDTH / 2;
  const cy = head.height + 20 + radius;
  const inner = data.kind === 'doughnut' ? radius * 0.5 : 0;
  const body: string[] = [...head.svg];
  let angle = -Math.PI / 2;
  const point = (r: number, a: number) => `${fixed(cx + r * Math.cos(a))} ${fixed(cy + r * Math.sin(a))}`;
  values.forEach((v, i) => {
    if (v === null || v <= 0 || total === 0) return;
    const colour = OKABE_ITO[i % OKABE_ITO.length]!;
    const sweep = (v / total) * 2 * Math.PI;
    const end = angle + sweep;
    const large = sweep > Math.PI ? 1 : 0;
    let d: string;
    if (sweep >= 2 * Math.PI - 1e-9) {
      // A whole circle: two half arcs (an arc from a point to itself draws nothing).
      const mid = angle + Math.PI;
      d = `M ${point(radius, angle)} A ${radius} ${radius} 0 1 1 ${point(radius, mid)} A ${radius} ${radius} 0 1 1 ${point(radius, angle)}`;
      if (inner > 0) d += ` M ${point(inner, angle)} A ${inner} ${inner} 0 1 0 ${point(inner, mid)} A ${inner} ${inner} 0 1 0 ${point(inner, angle)}`;
      d += ' Z';
    } else if (inner > 0) {
      d = `M ${point(radius, angle)} A ${radius} ${radius} 0 ${large} 1 ${point(radius, end)} L ${point(inner, end)} A ${inner} ${inner} 0 ${large} 0 ${point(inner, angle)} Z`;
    } else {
      d = `M ${cx} ${cy} L ${point(radius, angle)} A ${radius} ${radius} 0 ${large} 1 ${point(radius, end)} Z`;
    }
    const label = series!.texts[i] ?? '';
    body.push(`<path class="slice" d="${d}" fill="${colour}" fill-rule="evenodd" stroke="#ffffff" stroke-width="2"><title>${escapeXml(`${data.labels[i]}: ${label}`)}</title></path>`);
    if (label && sweep > 0.25) {
      const middle = angle + sweep / 2;
      const r = inner > 0 ? (radius + inner) / 2 : radius * 0.62;
      body.push(text(cx + r * Math.cos(middle), cy + r * Math.sin(middle) + 4, label, `text-anchor="middle" font-size="12" fill="${textColourOn(colour)}"`));
    }
    angle = end;
  });
  // Every answer is in the legend; a hidden one says so, since it has no slice.
  const legend = legendSvg(
    {
      entries: data.labels.map((label, i) => ({
        label: values[i] === null && series?.texts[i] ? `${label} (${series.texts[i]})` : label,
        colour: OKABE_ITO[i % OKABE_ITO.length]!,
      })),
    },
    cy + radius + 36,
  );
  body.push(...legend.svg);
  const noteTop = cy + radius + 36 + legend.height + 6;
  if (data.hidden && words.note) body.push(text(20, noteTop + 10, words.note, 'font-size="12" fill="#555555" class="note"'));
  return wrap(noteTop + (data.hidden && words.note ? 24 : 0) + 8, body, words.subtitle ? `${words.title} — ${words.subtitle}` : words.title);
}
