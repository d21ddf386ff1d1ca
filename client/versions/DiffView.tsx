/** A character diff shown inline: insertions underlined in green, deletions struck through in red. */
import { useMemo, useState } from 'react'
import type { Diff } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'
import { diffParagraphs, foldUnchanged, type DiffParagraph } from './diff-paragraphs.js'
import type { LineKind } from './line-kinds.js'

/** The kinds of the lines of one side of the comparison, to set headings and list items as on the sheet. */
export interface DiffLayout {
  side: 'before' | 'after'
  kinds: LineKind[]
}

function kindClass(kind: LineKind | undefined): string {
  if (!kind || kind.type === 'paragraph') return ''
  if (kind.type === 'heading') return ` diff__paragraph--h${Math.min(kind.level, 3)}`
  return kind.type === 'quote' ? ' diff__paragraph--quote' : ' diff__paragraph--item'
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

function Paragraph({ paragraph, layout }: { paragraph: DiffParagraph; layout?: DiffLayout }) {
  const kind = layout?.kinds[layout.side === 'after' ? paragraph.afterLine : paragraph.beforeLine]
  return (
    <p className={`diff__paragraph${kindClass(kind)}`} data-changed={paragraph.changed || undefined}>
      {kind?.type === 'listItem' && kind.marker && <span className="diff__marker">{kind.marker}</span>}
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
export function DiffView({ diff, layout }: { diff: Diff; layout?: DiffLayout }) {
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
            <Paragraph key={item.index} paragraph={item.paragraph} layout={layout} />
          ),
        )}
      </div>
    </div>
  )
}
