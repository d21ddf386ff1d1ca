import { DOMParser, type Element } from '@xmldom/xmldom'
import { describe, expect, it } from 'vitest'
import { renderChart, type ChartFigure } from '../bench/svg-chart.js'

/** Parses the SVG strictly: any warning or error of the parser fails the test. */
function parse(svg: string): Element {
  const problems: string[] = []
  const doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(
    svg,
    'image/svg+xml',
  )
  expect(problems).toEqual([])
  return doc.documentElement as unknown as Element
}

const elements = (root: Element, tag: string) => Array.from(root.getElementsByTagName(tag)) as Element[]
const texts = (root: Element) => elements(root, 'text').map((t) => t.textContent)
const byClass = (root: Element, name: string) =>
  Array.from(root.getElementsByTagName('*')).filter((e) => (e.getAttribute('class') ?? '').split(' ').includes(name))

const figure: ChartFigure = {
  title: 'How cost grows with the clients on one document',
  caption: ['Edits/s: 400 at 10, 122 at 50', 'npm run bench -- --scenario scale'],
  panels: [
    {
      title: 'p99 propagation latency',
      xLabel: 'clients on one document',
      yLabel: 'ms',
      xScale: 'log',
      series: [
        {
          name: 'Jianyi (persisting)',
          points: [
            { x: 10, y: 2.5 },
            { x: 50, y: 4.1 },
            { x: 200, y: 9.75 },
            { x: 500, y: 30 },
          ],
        },
        {
          name: '@y/websocket-server <reference> & co',
          points: [
            { x: 10, y: 2.1 },
            { x: 50, y: 3.9 },
            { x: 200, y: 12 },
            { x: 500, y: 41.5 },
          ],
        },
      ],
    },
    {
      title: 'Server CPU per 1,000 delivered updates',
      xLabel: 'clients on one document',
      yLabel: 'ms of CPU',
      xScale: 'log',
      series: [
        { name: 'Jianyi (persisting)', points: [10, 50, 200, 500].map((x) => ({ x, y: 100 / x })) },
        { name: '@y/websocket-server <reference> & co', points: [10, 50, 200, 500].map((x) => ({ x, y: 90 / x })) },
      ],
    },
  ],
}

describe('renderChart', () => {
  it('produces a well-formed SVG document with a marker for every measurement of every series', () => {
    const svg = parse(renderChart(figure))
    expect(svg.tagName).toBe('svg')
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg')
    const panels = byClass(svg, 'panel')
    expect(panels).toHaveLength(2)
    figure.panels.forEach((panel, i) => {
      const series = byClass(panels[i], 'series')
      expect(series.map((s) => s.getAttribute('data-series'))).toEqual(panel.series.map((s) => s.name))
      series.forEach((s, j) => expect(byClass(s, 'point')).toHaveLength(panel.series[j].points.length))
    })
  })

  it('labels the figure, the panels, both axes, the x values, the legend and the caption', () => {
    const svg = parse(renderChart(figure))
    const shown = texts(svg)
    expect(elements(svg, 'title')[0].textContent).toBe(figure.title)
    expect(shown).toContain(figure.title)
    for (const panel of figure.panels) {
      expect(shown).toContain(panel.title)
      expect(shown).toContain(panel.yLabel)
      expect(shown).toContain(`${panel.xLabel} (log scale)`)
    }
    const xTicks = byClass(svg, 'x-tick').map((t) => t.textContent)
    expect(xTicks).toEqual(['10', '50', '200', '500', '10', '50', '200', '500'])
    const legend = byClass(svg, 'legend-entry').map((e) => e.textContent)
    expect(legend).toEqual(['Jianyi (persisting)', '@y/websocket-server <reference> & co'])
    for (const line of figure.caption) expect(shown).toContain(line)
    // Every point says what it is when hovered.
    expect(elements(svg, 'title').map((t) => t.textContent)).toContain('Jianyi (persisting): 200 → 9.75')
  })

  it('spaces a log-scale axis by decades and starts the y axis at zero with a round top', () => {
    const svg = parse(
      renderChart({
        title: 'decades',
        caption: [],
        panels: [
          {
            title: 'p',
            xLabel: 'documents',
            yLabel: 'ms',
            xScale: 'log',
            series: [{ name: 'a', points: [1, 10, 100, 1000].map((x) => ({ x, y: 7.3 })) }],
          },
        ],
      }),
    )
    const xs = byClass(svg, 'point').map((p) => Number(p.getAttribute('cx')))
    const gaps = xs.slice(1).map((x, i) => x - xs[i])
    for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0], 0)
    const yTicks = byClass(svg, 'y-tick').map((t) => t.textContent)
    expect(yTicks[0]).toBe('0')
    expect(yTicks.at(-1)).toBe('10')
  })

  it('shows an unmeasured value as a hollow marker at the top and breaks the line there', () => {
    const svg = parse(
      renderChart({
        title: 'gap',
        caption: [],
        panels: [
          {
            title: 'p',
            xLabel: 'clients',
            yLabel: 'ms',
            xScale: 'linear',
            series: [
              {
                name: 'a',
                points: [
                  { x: 1, y: 1 },
                  { x: 2, y: 2 },
                  { x: 3, y: null },
                  { x: 4, y: 3 },
                  { x: 5, y: 4 },
                ],
              },
            ],
          },
        ],
      }),
    )
    const points = byClass(svg, 'point')
    expect(points).toHaveLength(5)
    expect(points.map((p) => p.getAttribute('fill'))).toEqual(['#1f5fbf', '#1f5fbf', 'white', '#1f5fbf', '#1f5fbf'])
    const line = elements(byClass(svg, 'series')[0], 'path').find((p) => p.getAttribute('fill') === 'none')!
    expect(line.getAttribute('d')!.match(/M/g)).toHaveLength(2)
    expect(elements(svg, 'title').map((t) => t.textContent)).toContain('a: 3 → not measured')
  })

  it('refuses a log scale over a value of zero', () => {
    expect(() =>
      renderChart({
        title: 'zero',
        caption: [],
        panels: [
          { title: 'p', xLabel: 'x', yLabel: 'y', xScale: 'log', series: [{ name: 'a', points: [{ x: 0, y: 1 }] }] },
        ],
      }),
    ).toThrow(/log scale/)
  })
})
