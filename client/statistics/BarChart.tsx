/**
 * A horizontal bar chart drawn as inline SVG: one labelled bar per value. Small on purpose — the
 * page has two charts and no charting library is installed (docs/follow-up.md, 年度统计).
 */
interface Bar {
  label: string
  value: number
}

const rowHeight = 28
/** Room for the labels: a CJK character is about as wide as the font is high (13 px). */
const labelWidthOf = (bars: Bar[]) => Math.max(96, 8 + 14 * Math.max(0, ...bars.map((b) => [...b.label].length)))
const barArea = 320
const valueWidth = 48

export function BarChart({ bars, title, testId }: { bars: Bar[]; title: string; testId: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value))
  const labelWidth = labelWidthOf(bars)
  const width = labelWidth + barArea + valueWidth
  const height = bars.length * rowHeight
  return (
    <figure className="bar-chart" data-testid={testId}>
      <figcaption className="bar-chart__title">{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={title}>
        {bars.map((bar, i) => {
          const y = i * rowHeight
          const length = Math.round((bar.value / max) * barArea)
          return (
            <g key={bar.label} data-testid="bar" data-label={bar.label} data-value={bar.value}>
              <text x={labelWidth - 8} y={y + rowHeight / 2} textAnchor="end" dominantBaseline="middle" fontSize="13">
                {bar.label}
              </text>
              <rect x={labelWidth} y={y + 5} width={length} height={rowHeight - 10} className="bar-chart__bar" />
              <text x={labelWidth + length + 6} y={y + rowHeight / 2} dominantBaseline="middle" fontSize="13">
                {bar.value}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}
