/** 大纲: the headings as a tree with their numbers; a click moves the cursor there and scrolls to it. */
import { useEditorState, type Editor } from '@tiptap/react'
import { t } from '../i18n/i18n.js'
import { headingsOf, type OutlineHeading } from '../editor/extensions/outline-headings.js'
import { outlineTree, type OutlineNode } from './outline-tree.js'

/** Puts the cursor at the end of the `index`-th heading and brings it into view below the sticky toolbar. */
function jumpTo(editor: Editor, index: number): void {
  // Read now: the panel does not render again when typing only moves the headings.
  const heading = headingsOf(editor.state)[index]
  if (!heading) return
  editor
    .chain()
    .focus()
    .setTextSelection(heading.end - 1)
    .run()
  const dom = editor.view.nodeDOM(heading.pos)
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start', behavior: 'smooth' })
}

/** Whether two lists of headings read the same (where they are does not show). */
function sameOutline(a: readonly OutlineHeading[], b: readonly OutlineHeading[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  return a.every((h, i) => h.level === b[i].level && h.number === b[i].number && h.text === b[i].text)
}

export function OutlinePanel({ editor }: { editor: Editor }) {
  const { headings, current } = useEditorState({
    editor,
    selector: ({ editor }) => {
      const headings = headingsOf(editor.state)
      const head = editor.state.selection.head
      // The section the cursor is in: the last heading that starts before it.
      let current = -1
      headings.forEach((heading, index) => {
        if (heading.pos < head) current = index
      })
      return { headings, current }
    },
    equalityFn: (a, b) => b !== null && a.current === b.current && sameOutline(a.headings, b.headings),
  })
  const indexOf = new Map(headings.map((heading, index) => [heading, index]))

  const renderNodes = (nodes: OutlineNode[]) => (
    <ol className="outline__list">
      {nodes.map(({ heading, children }) => (
        <li key={indexOf.get(heading)} className={`outline__item outline__item--level${heading.level}`}>
          <button
            type="button"
            className="outline__link"
            aria-current={indexOf.get(heading) === current ? 'location' : undefined}
            title={t('outline.jump', { number: heading.number ?? '', text: heading.text })}
            onClick={() => jumpTo(editor, indexOf.get(heading)!)}
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
