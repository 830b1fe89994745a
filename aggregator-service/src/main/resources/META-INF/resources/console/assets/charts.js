// Charts as inline SVG: a health gauge, bars, a sparkline, a line chart over days, horizontal bars and columns.
// Each chart is an image with a text alternative that says what it shows (role="img" and aria-label).
import {s, fmt} from './dom.js';

const clamp = (value, min, max) => Math.max(min, Math.min(max, value));

/** A half-circle gauge of a 0–100 score, coloured by health band. */
export function gauge(score, band) {
  const known = score !== null && score !== undefined;
  const label = known ? `Health score ${score} of 100${band ? `, ${fmt.label(band)}` : ''}` : 'No health score';
  return s('svg', {class: `gauge band-${band || 'none'}`, viewBox: '0 0 120 74', role: 'img', 'aria-label': label},
    s('path', {class: 'track', d: 'M10 64 A50 50 0 0 1 110 64', fill: 'none', 'stroke-width': 12, 'stroke-linecap': 'round'}),
    known ? s('path', {class: 'value', d: 'M10 64 A50 50 0 0 1 110 64', fill: 'none', 'stroke-width': 12, 'stroke-linecap': 'round',
      pathLength: 100, 'stroke-dasharray': `${clamp(score, 0, 100)} 100`}) : null,
    s('text', {x: 60, y: 58, 'text-anchor': 'middle', 'font-size': 24}, known ? String(score) : '—'),
    s('text', {class: 'unit', x: 60, y: 72, 'text-anchor': 'middle', 'font-size': 9}, 'of 100'));
}

/** A horizontal 0–100 bar (a dimension score). */
export function bar(score, label) {
  const known = score !== null && score !== undefined;
  const level = !known ? '' : score < 60 ? 'low' : score < 75 ? 'mid' : 'high';
  return s('svg', {class: 'bar', viewBox: '0 0 100 12', preserveAspectRatio: 'none', role: 'img',
      'aria-label': known ? `${label}: ${score} of 100` : `${label}: no data`},
    s('rect', {class: 'track', x: 0, y: 0, width: 100, height: 12, rx: 3}),
    known ? s('rect', {class: `fill ${level}`, x: 0, y: 0, width: clamp(score, 0, 100), height: 12, rx: 3}) : null);
}

/** A meter of used against a limit (quota). */
export function meter(used, limit, label) {
  const share = limit ? clamp(used / limit, 0, 1) : 0;
  return s('svg', {class: 'meter', viewBox: '0 0 100 10', preserveAspectRatio: 'none', role: 'img', 'aria-label': label},
    s('rect', {class: 'track', x: 0, y: 0, width: 100, height: 10, rx: 3}),
    s('rect', {class: 'fill', x: 0, y: 0, width: share * 100, height: 10, rx: 3}));
}

/** A sparkline of values over time ([{day, value}], oldest first). */
export function sparkline(points, label) {
  const width = 180, height = 40, pad = 4;
  if (!points.length) {
    return s('svg', {class: 'sparkline', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${label}: no history yet`},
      s('text', {x: 0, y: 24, 'font-size': 11, fill: '#5b6675'}, 'No history yet'));
  }
  const values = points.map(p => p.value);
  const min = Math.min(...values, 0), max = Math.max(...values, 100);
  const x = i => points.length === 1 ? width / 2 : pad + i * (width - 2 * pad) / (points.length - 1);
  const y = v => height - pad - (v - min) * (height - 2 * pad) / (max - min || 1);
  const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const last = points[points.length - 1];
  const text = `${label}: ${points.length} day${points.length === 1 ? '' : 's'}, from ${points[0].value} (${fmt.date(points[0].day)}) to ${last.value} (${fmt.date(last.day)})`;
  return s('svg', {class: 'sparkline', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': text},
    s('title', null, text),
    points.length > 1 ? s('polyline', {points: coords}) : s('text', {x: width / 2 + 8, y: y(last.value) + 4, 'font-size': 10, fill: '#5b6675'}, 'first score today'),
    s('circle', {cx: x(points.length - 1), cy: y(last.value), r: 3}));
}

/** Interactions per day as an area and line ([{date, value}]), with the first, middle and last dates and the peak. */
export function lineChart(points, label) {
  const width = 560, height = 200, left = 36, right = 10, top = 12, bottom = 28;
  const max = Math.max(1, ...points.map(p => p.value));
  const x = i => left + (points.length <= 1 ? 0 : i * (width - left - right) / (points.length - 1));
  const y = v => top + (height - top - bottom) * (1 - v / max);
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const text = `${label}: ${total} in ${points.length} days, at most ${max} a day`;
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const area = points.length ? `${x(0)},${y(0)} ${line} ${x(points.length - 1)},${y(0)}` : '';
  const ticks = points.length ? [0, Math.floor((points.length - 1) / 2), points.length - 1] : [];
  return s('svg', {class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': text},
    s('title', null, text),
    s('line', {class: 'axis', x1: left, y1: y(0), x2: width - right, y2: y(0)}),
    s('line', {class: 'axis', x1: left, y1: top, x2: width - right, y2: top}),
    s('text', {x: left - 6, y: top + 4, 'text-anchor': 'end'}, String(max)),
    s('text', {x: left - 6, y: y(0) + 4, 'text-anchor': 'end'}, '0'),
    points.length ? s('polygon', {class: 'area', points: area}) : null,
    points.length ? s('polyline', {class: 'line', points: line}) : null,
    ticks.map(i => s('text', {x: x(i), y: height - 8, 'text-anchor': i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle'},
      fmt.date(points[i].date))));
}

/** Horizontal bars with their labels and values ([{label, value}]). */
export function hbarChart(items, label) {
  const row = 26, width = 560, labelWidth = 150, valueWidth = 50;
  const height = Math.max(row, items.length * row) + 4;
  const max = Math.max(1, ...items.map(i => i.value));
  const text = `${label}: ` + (items.length ? items.map(i => `${i.label} ${i.value}`).join(', ') : 'none');
  return s('svg', {class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': text},
    s('title', null, text),
    items.length ? items.map((item, n) => [
      s('text', {class: 'label', x: labelWidth - 8, y: n * row + 17, 'text-anchor': 'end'}, item.label),
      s('rect', {class: 'hbar', x: labelWidth, y: n * row + 5, height: row - 10, rx: 3,
        width: Math.max(2, (width - labelWidth - valueWidth) * item.value / max)}),
      s('text', {x: labelWidth + (width - labelWidth - valueWidth) * item.value / max + 6, y: n * row + 17}, fmt.number(item.value)),
    ]) : s('text', {x: 0, y: 18}, 'No data'));
}

/** Vertical columns with a class each ([{label, value, cls, text}]). */
export function columnChart(items, label) {
  const width = 560, height = 200, top = 18, bottom = 30, gap = 24;
  const max = Math.max(1, ...items.map(i => i.value));
  const colWidth = (width - gap * (items.length + 1)) / Math.max(1, items.length);
  const text = `${label}: ` + items.map(i => `${i.label} ${i.text || i.value}`).join(', ');
  return s('svg', {class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': text},
    s('title', null, text),
    s('line', {class: 'axis', x1: 0, y1: height - bottom, x2: width, y2: height - bottom}),
    items.map((item, n) => {
      const x = gap + n * (colWidth + gap);
      const h = (height - top - bottom) * item.value / max;
      return [
        s('rect', {class: item.cls, x, y: height - bottom - h, width: colWidth, height: Math.max(h, 1), rx: 3}),
        s('text', {class: 'label', x: x + colWidth / 2, y: height - bottom - h - 5, 'text-anchor': 'middle'}, item.text || fmt.number(item.value)),
        s('text', {x: x + colWidth / 2, y: height - 10, 'text-anchor': 'middle'}, item.label),
      ];
    }));
}
