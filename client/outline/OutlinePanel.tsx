/** 大纲: the headings as a tree with their numbers; a click moves the cursor there and scrolls to it. */
import { useEditorState, type Editor } from '@tiptap/react'
import { t } from '../i18n/i18n.js'
import { headingsOf, type OutlineHeading } from '../editor/extensions/outline-headings.js'
import { outlineTree, type OutlineNode } from './outline-tree.js'

/** Puts the cursor at the end of the heading and brings it into view below the sticky toolbar. */
function jumpTo(editor: Editor, heading: OutlineHeading): void {
  editor
    .chain()
    .focus()
    .setTextSelection(heading.end - 1)
    .run()
  const dom = editor.view.nodeDOM(heading.pos)
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start', behavior: 'smooth' })
}

export function OutlinePanel({ editor }: { editor: Editor }) {
  const { headings, current } = useEditorState({
    editor,
    selector: ({ editor }) => {
      const headings = headingsOf(editor.state)
      const head = editor.state.selection.head
      // The section the cursor is in: the last heading that starts before it.
      let current: number | null = null
      for (const heading of headings) if (heading.pos < head) current = heading.pos
      return { headings, current }
    },
    equalityFn: (a, b) => b !== null && a.current === b.current && a.headings === b.headings,
  })

  const renderNodes = (nodes: OutlineNode[]) => (
    <ol className="outline__list">
      {nodes.map(({ heading, children }) => (
        <li key={heading.pos} className={`outline__item outline__item--level${heading.level}`}>
          <button
            type="button"
            className="outline__link"
            aria-current={heading.pos === current ? 'location' : undefined}
            title={t('outline.jump', { number: heading.number ?? '', text: heading.text })}
            onClick={() => jumpTo(editor, heading)}
          >
            {heading.number && <span className="outline__number">{heading.number}</span>}
            <span className={heading.text.trim() ? 'outline__text' : 'outline__text outline__text--empty'}>
              {heading.text.trim() || t('outline.emptyHeading')}
            </span>
          </button>
          {children.length > 0 && renderNodes(children)}
        </li>
      ))}
    </ol>
  )

  return (
    <nav className="outline" aria-labelledby="outline-title" data-testid="outline">
      <h2 id="outline-title" className="outline__title">
        {t('outline.title')}
      </h2>
      {headings.length === 0 ? (
        <p className="outline__empty muted">{t('outline.empty')}</p>
      ) : (
        renderNodes(outlineTree(headings))
      )}
    </nav>
  )
}
