/**
 * A character diff shown inline: insertions underlined in green, deletions struck through in red.
 * Headings carry their numbers as the editor and the export print them; a heading whose number
 * changed (a section inserted above it) shows the old number struck through and the new one added.
 * A line of a table cell says which cell it is (表1 第2行第3格), since the diff is text, not a table.
 */
import { useMemo, useState } from 'react'
import type { LineKind } from '../../shared/editor/line-kinds.js'
import type { Diff } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'
import { diffParagraphs, foldUnchanged, type DiffParagraph } from './diff-paragraphs.js'

function kindClass(kind: LineKind | undefined): string {
  if (!kind || kind.type === 'paragraph') return ''
  if (kind.type === 'heading') return ` diff__paragraph--h${Math.min(kind.level, 3)}`
  if (kind.type === 'cell') return ' diff__paragraph--cell'
  return kind.type === 'quote' ? ' diff__paragraph--quote' : ' diff__paragraph--item'
}

const numberOf = (kind: LineKind | undefined): string | null => (kind?.type === 'heading' ? kind.number : null)

/** What a paragraph of the diff is on each side where it exists (a wholly added one exists only after). */
function sidesOf(paragraph: DiffParagraph, lines: Diff['lines']) {
  const { segments } = paragraph
  const before = segments.length === 0 ? !paragraph.changed : segments.some((s) => s.op !== 1)
  const after = segments.length === 0 || segments.some((s) => s.op !== -1)
  return {
    before: before ? lines.before[paragraph.beforeLine] : undefined,
    after: after ? lines.after[paragraph.afterLine] : undefined,
  }
}

/** A heading's number, in the sheet's place: before the text, struck through and added where it changed. */
function HeadingNumber({ before, after }: { before: string | null; after: string | null }) {
  if (before === after) return before ? <span className="diff__number">{before}</span> : null
  return (
    <>
      {before && <del className="diff-del diff__number">{before}</del>}
      {after && <ins className="diff-ins diff__number">{after}</ins>}
    </>
  )
}

/** 新增 N 字、删除 M 字、修改 K 段 */
export function DiffSummary({ summary }: { summary: Diff['summary'] }) {
  const unchanged = summary.added === 0 && summary.removed === 0
  return (
    <p className="diff-summary" data-testid="diff-summary">
      {unchanged ? (
        t('versions.diff.none')
      ) : (
        <>
          <span className="diff-summary__added">{t('versions.diff.added', { n: summary.added })}</span>
          {t('versions.diff.separator')}
          <span className="diff-summary__removed">{t('versions.diff.removed', { n: summary.removed })}</span>
          {t('versions.diff.separator')}
          <span>{t('versions.diff.paragraphs', { n: summary.paragraphsChanged })}</span>
        </>
      )}
    </p>
  )
}

function Paragraph({ paragraph, lines }: { paragraph: DiffParagraph; lines: Diff['lines'] }) {
  const sides = sidesOf(paragraph, lines)
  const kind = sides.after ?? sides.before
  return (
    <p className={`diff__paragraph${kindClass(kind)}`} data-changed={paragraph.changed || undefined}>
      <HeadingNumber before={numberOf(sides.before)} after={numberOf(sides.after)} />
      {kind?.type === 'listItem' && kind.marker && <span className="diff__marker">{kind.marker}</span>}
      {kind?.type === 'cell' && (
        <span className="diff__cell">
          {t('versions.diff.cell', { table: kind.table, row: kind.row, column: kind.column })}
        </span>
      )}
      {paragraph.segments.length === 0 && '\u00a0'}
      {paragraph.segments.map((segment, index) => {
        const title = segment.lineBreak
          ? t(segment.op === 1 ? 'versions.diff.breakAdded' : 'versions.diff.breakRemoved')
          : undefined
        if (segment.op === 1)
          return (
            <ins key={index} className="diff-ins" title={title} data-line-break={segment.lineBreak}>
              {segment.text}
            </ins>
          )
        if (segment.op === -1)
          return (
            <del key={index} className="diff-del" title={title} data-line-break={segment.lineBreak}>
              {segment.text}
            </del>
          )
        return <span key={index}>{segment.text}</span>
      })}
    </p>
  )
}

/** The whole text with its changes; "只看修改段落" folds unchanged stretches away. */
export function DiffView({ diff }: { diff: Diff }) {
  const paragraphs = useMemo(() => diffParagraphs(diff.ops), [diff])
  const [changesOnly, setChangesOnly] = useState(false)
  const anyChange = paragraphs.some((p) => p.changed)
  const shown = changesOnly
    ? foldUnchanged(paragraphs)
    : paragraphs.map((paragraph, index) => ({ kind: 'paragraph' as const, index, paragraph }))
  return (
    <div className="diff" data-testid="diff-view">
      <div className="diff__head">
        <DiffSummary summary={diff.summary} />
        {anyChange && (
          <label className="diff__toggle">
            <input type="checkbox" checked={changesOnly} onChange={(event) => setChangesOnly(event.target.checked)} />
            {t('versions.diff.changesOnly')}
          </label>
        )}
      </div>
      <div className="diff__legend muted" aria-hidden="true">
        <ins className="diff-ins">{t('versions.diff.legendAdded')}</ins>
        <del className="diff-del">{t('versions.diff.legendRemoved')}</del>
      </div>
      <div className="diff__text sheet__content" data-testid="diff-text">
        {shown.map((item, index) =>
          item.kind === 'gap' ? (
            <p key={`gap-${index}`} className="diff__gap">
              {t('versions.diff.folded', { n: item.count })}
            </p>
          ) : (
            <Paragraph key={item.index} paragraph={item.paragraph} lines={diff.lines} />
          ),
        )}
      </div>
    </div>
  )
}
