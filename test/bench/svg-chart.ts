/**
 * Line charts as standalone SVG text, for figures the bench draws from its own results
 * (docs/performance/). One figure is a title, panels side by side sharing one legend, and a caption.
 * Series are told apart by dash and marker shape as well as colour, so a grey print still reads.
 */

interface ChartPoint {
  x: number
  /** null: nothing to show (an edit never delivered): a hollow marker at the top edge. */
  y: number | null
}

interface ChartSeries {
  name: string
  points: ChartPoint[]
}

export interface ChartPanel {
  title: string
  xLabel: string
  yLabel: string
  /** log: the x values span decades (10 … 500 clients); ticks sit at the measured x values. */
  xScale: 'linear' | 'log'
  series: ChartSeries[]
}

export interface ChartFigure {
  title: string
  /** Lines under the panels: how the figures were measured. */
  caption: string[]
  panels: ChartPanel[]
}

const PANEL_WIDTH = 440
const PANEL_HEIGHT = 300
const MARGIN = { top: 34, right: 20, bottom: 48, left: 64 }
const TITLE_HEIGHT = 58
const CAPTION_LINE = 16
const STYLES = [
  { color: '#1f5fbf', dash: '', marker: 'circle' },
  { color: '#707070', dash: '6 4', marker: 'square' },
  { color: '#b0402b', dash: '2 3', marker: 'diamond' },
] as const

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A number as a tick or tooltip shows it: thousands separated, at most three significant decimals. */
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '∞'
  if (Math.abs(n) >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString('en-US')
  return Number(n.toPrecision(3)).toString()
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is at least `n`, so the axis ends on a round number. */
function niceCeil(n: number): number {
  if (n <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(n))
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= n) return step * power
  return 10 * power
}

const round = (n: number) => Number(n.toFixed(1))

function markerAt(shape: (typeof STYLES)[number]['marker'], x: number, y: number, color: string, hollow: boolean) {
  const fill = hollow ? 'white' : color
  const common = `class="point" fill="${fill}" stroke="${color}" stroke-width="1.5"`
  if (shape === 'circle') return `<circle ${common} cx="${round(x)}" cy="${round(y)}" r="4"/>`
  if (shape === 'square') return `<rect ${common} x="${round(x - 3.5)}" y="${round(y - 3.5)}" width="7" height="7"/>`
  return `<path ${common} d="M${round(x)} ${round(y - 5)}L${round(x + 5)} ${round(y)}L${round(x)} ${round(y + 5)}L${round(x - 5)} ${round(y)}Z"/>`
}

function panelSvg(panel: ChartPanel, offsetX: number, offsetY: number): string {
  const xs = [...new Set(panel.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b)
  if (xs.length === 0) throw new Error(`panel "${panel.title}" has no points`)
  if (panel.xScale === 'log' && xs[0] <= 0) throw new Error(`panel "${panel.title}": a log scale needs x > 0`)
  const finiteYs = panel.series.flatMap((s) => s.points.map((p) => p.y)).filter((y): y is number => Number.isFinite(y))
  const yMax = niceCeil(Math.max(0, ...finiteYs) * 1.05)

  const plotWidth = PANEL_WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom
  const left = offsetX + MARGIN.left
  const top = offsetY + MARGIN.top
  const bottom = top + plotHeight
  const t = (x: number) => (panel.xScale === 'log' ? Math.log10(x) : x)
  const [x0, x1] = [t(xs[0]), t(xs[xs.length - 1])]
  // A single x value sits in the middle; otherwise the ends get a little air so markers are not cut.
  const xAt = (x: number) =>
    x0 === x1 ? left + plotWidth / 2 : left + 10 + ((t(x) - x0) / (x1 - x0)) * (plotWidth - 20)
  const yAt = (y: number) => bottom - (y / yMax) * plotHeight

  const parts: string[] = [`<g class="panel">`]
  parts.push(
    `<text x="${round(offsetX + PANEL_WIDTH / 2)}" y="${offsetY + 18}" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(panel.title)}</text>`,
  )
  // Grid and y ticks: five steps of the rounded maximum.
  for (let i = 0; i <= 5; i++) {
    const value = (yMax * i) / 5
    const y = round(yAt(value))
    parts.push(
      `<line x1="${left}" y1="${y}" x2="${left + plotWidth}" y2="${y}" stroke="${i === 0 ? '#333' : '#e3e3e3'}"/>`,
      `<text class="tick y-tick" x="${left - 6}" y="${y + 4}" text-anchor="end">${formatNumber(value)}</text>`,
    )
  }
  for (const x of xs) {
    const px = round(xAt(x))
    parts.push(
      `<line x1="${px}" y1="${bottom}" x2="${px}" y2="${bottom + 4}" stroke="#333"/>`,
      `<text class="tick x-tick" x="${px}" y="${bottom + 17}" text-anchor="middle">${formatNumber(x)}</text>`,
    )
  }
  parts.push(
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#333"/>`,
    `<text class="axis-label" x="${round(left + plotWidth / 2)}" y="${bottom + 38}" text-anchor="middle">${escapeXml(panel.xLabel + (panel.xScale === 'log' ? ' (log scale)' : ''))}</text>`,
    `<text class="axis-label" transform="translate(${offsetX + 16} ${round(top + plotHeight / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(panel.yLabel)}</text>`,
  )

  panel.series.forEach((series, index) => {
    const style = STYLES[index % STYLES.length]
    const points = [...series.points].sort((a, b) => a.x - b.x)
    parts.push(`<g class="series" data-series="${escapeXml(series.name)}">`)
    // The line breaks where a point has no value rather than bridging it.
    let path = ''
    let pen = false
    for (const p of points) {
      if (p.y === null || !Number.isFinite(p.y)) {
        pen = false
        continue
      }
      path += `${pen ? 'L' : 'M'}${round(xAt(p.x))} ${round(yAt(p.y))}`
      pen = true
    }
    if (path)
      parts.push(
        `<path d="${path}" fill="none" stroke="${style.color}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
      )
    for (const p of points) {
      const missing = p.y === null || !Number.isFinite(p.y)
      const y = missing ? top : yAt(p.y!)
      const label = `${series.name}: ${formatNumber(p.x)} → ${missing ? 'not measured' : formatNumber(p.y!)}`
      parts.push(
        `<g><title>${escapeXml(label)}</title>${markerAt(style.marker, xAt(p.x), y, style.color, missing)}</g>`,
      )
    }
    parts.push('</g>')
  })
  parts.push('</g>')
  return parts.join('\n')
}

/** The whole figure as an SVG document (XML declaration included). */
export function renderChart(figure: ChartFigure): string {
  if (figure.panels.length === 0) throw new Error('a figure needs at least one panel')
  const width = PANEL_WIDTH * figure.panels.length
  const height = TITLE_HEIGHT + PANEL_HEIGHT + figure.caption.length * CAPTION_LINE + 12
  const names = [...new Set(figure.panels.flatMap((p) => p.series.map((s) => s.name)))]
  const legend = names.map((name, index) => {
    const style = STYLES[index % STYLES.length]
    const x = 24 + index * 190
    const y = 42
    return [
      `<g class="legend-entry">`,
      `<line x1="${x}" y1="${y}" x2="${x + 28}" y2="${y}" stroke="${style.color}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
      markerAt(style.marker, x + 14, y, style.color, false).replace('class="point"', 'class="legend-marker"'),
      `<text x="${x + 36}" y="${y + 4}">${escapeXml(name)}</text>`,
      `</g>`,
    ].join('')
  })
  const captionTop = TITLE_HEIGHT + PANEL_HEIGHT + 8
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12" fill="#222">`,
    `<title>${escapeXml(figure.title)}</title>`,
    '<style>.tick { font-size: 11px; fill: #444 } .axis-label { font-size: 12px } .caption { font-size: 11px; fill: #555 }</style>',
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="24" y="22" font-size="15" font-weight="bold">${escapeXml(figure.title)}</text>`,
    ...legend,
    ...figure.panels.map((panel, i) => panelSvg(panel, i * PANEL_WIDTH, TITLE_HEIGHT)),
    ...figure.caption.map(
      (line, i) => `<text class="caption" x="24" y="${captionTop + (i + 1) * CAPTION_LINE}">${escapeXml(line)}</text>`,
    ),
    '</svg>',
    '',
  ].join('\n')
}
