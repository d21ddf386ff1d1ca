/** The TipTap editor bound to a collaboration session: Yjs content, Yjs undo, everyone's carets. */
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react'
import { EditorContent, useEditor, useEditorState, type Editor as TiptapEditor } from '@tiptap/react'
import Collaboration from '@tiptap/extension-collaboration'
import { contentField, documentExtensions } from '../../shared/editor/schema.js'
import type { DocumentAbilities, DocumentAccess, Me } from '../../shared/schema.js'
import type { Identity } from '../collab/identity.js'
import { keepGivenColor, presenceUser, usePresence } from '../collab/presence.js'
import { t } from '../i18n/i18n.js'
import type { CollabSession } from '../collab/session.js'
import { CommentButton } from '../comments/CommentButton.js'
import { CommentsDrawerToggle } from '../comments/CommentsDrawerToggle.js'
import { CommentsSidebar } from '../comments/CommentsSidebar.js'
import { useCommentsStore } from '../comments/comments-store.js'
import { CountBar } from '../outline/CountBar.js'
import { OutlinePanel } from '../outline/OutlinePanel.js'
import { useOutlineVisible } from '../outline/outline-visibility.js'
import { ShortcutsHelp } from '../outline/ShortcutsHelp.js'
import { FixPopover } from '../proofreading/FixPopover.js'
import { ProofreadingMenu } from '../proofreading/ProofreadingMenu.js'
import { enabledRules, useProofreadingSettings } from '../proofreading/settings.js'
import { CharCounts } from './extensions/char-counts.js'
import { CitationClicks } from './extensions/citation-clicks.js'
import { CommentHighlights } from './extensions/comment-highlights.js'
import { HeadingNumbers } from './extensions/heading-numbers.js'
import { caretColorProperty, presenceCarets } from './extensions/presence-carets.js'
import { StickyBars } from './extensions/sticky-bars.js'
import { TableEditing } from './extensions/table-editing.js'
import { useTopBarHeight } from './use-top-bar-height.js'
import { Proofreading } from './extensions/proofreading.js'
import { SignatureBlock } from './extensions/signature-block.js'
import { Suggesting } from './extensions/suggesting.js'
import { WordPaste } from './extensions/word-paste.js'
import { modeChoiceOffered, SuggestionMarks, suggestionsKey } from './extensions/suggestion-marks.js'
import { useMeasurementHook } from './measurement-hook.js'
import { ModeSwitch, SuggestOnlyBadge } from './ModeSwitch.js'
import { SuggestionNotice } from './SuggestionNotice.js'
import { Toolbar } from './Toolbar.js'
import { useJumpFromLink } from '../search/use-jump-from-link.js'
import { deferredLabels } from '../i18n/deferred-labels.js'
import { deferred } from '../ui/Deferred.js'
import { citationMark } from '../../shared/editor/citation-targets.js'

const CitationsPanel = deferred(
  () => import('../citations/CitationsPanel.js').then((m) => m.CitationsPanel),
  deferredLabels,
)
const DocumentMaterialsPanel = deferred(
  () => import('../materials/DocumentMaterialsPanel.js').then((m) => m.DocumentMaterialsPanel),
  deferredLabels,
)
const CiteDialog = deferred(() => import('../citations/CiteDialog.js').then((m) => m.CiteDialog), deferredLabels)

interface EditorProps {
  session: CollabSession
  identity: Identity
  title: string
  /**
   * Whether this user may change the text directly; it drops a read-only socket's edits in any
   * case. Those who may only suggest (abilities.suggestOnly) type too: in 修订 mode, which never
   * changes the text.
   */
  editable: boolean
  /** Shown in place of the toolbar when the document cannot be changed directly. */
  readOnlyNotice: string | null
  /** The user's rights (comments are offered on `comment`, also to read-only users); null until known. */
  access: DocumentAccess | null
  /** What else the server offers this user on the document (resolving threads, 意见处理, the opinion table). */
  abilities: DocumentAbilities | null
  /** Told the editor once it exists (and null when it goes): the 送审 dialog reads its proofreading. */
  onEditor?: (editor: TiptapEditor | null) => void
  /** The document's group, once known: 材料 lists its materials (those the server lets this reader read). */
  groupId?: string | null
  /** Who is signed in, which the comments need: known to the page, not asked again. */
  me?: Me['user']
}

export function Editor({
  session,
  identity,
  title,
  editable,
  readOnlyNotice,
  access,
  abilities,
  onEditor,
  groupId = null,
  me,
}: EditorProps) {
  const comments = useCommentsStore(session, me)
  // 来源 beside the editor: open or not, and the target clicked in the text.
  const [sources, setSources] = useState<{ open: boolean; focus: string | null }>({ open: false, focus: null })
  const [citing, setCiting] = useState(false)
  // 材料 beside the editor, where 来源 goes: one of the two at a time.
  const [materialsOpen, setMaterialsOpen] = useState(false)
  // The editor is made once per session; a click on cited words reaches the current state through this.
  const openSource = useRef<(target: string, asked: boolean) => void>(() => {})
  // When this tab arrived: whoever came earlier keeps a colour two people chose.
  const [since] = useState(() => Date.now())
  const editor = useEditor(
    {
      extensions: [
        // The schema the server reads and seeds with (StarterKit without its own undo: the
        // Collaboration extension brings a Yjs undo that undoes only this person's changes).
        ...documentExtensions(),
        // Table commands and keys; prosemirror-tables' part loads when the draft first has a table.
        TableEditing,
        Collaboration.configure({ document: session.doc, field: contentField }),
        presenceCarets(session.provider, presenceUser(identity, since)),
        CommentHighlights.configure({ store: comments }),
        // 修订: everyone's proposed changes in the text, and typing that proposes instead of changing.
        SuggestionMarks.configure({ store: comments }),
        Suggesting,
        // Pasted from Word or WPS: headings and typed numbers as 导入Word reads them (not in 修订).
        WordPaste,
        // Writing aids: numbers, the signature's place and proofreading are decorations, never stored text.
        HeadingNumbers,
        CharCounts,
        SignatureBlock,
        // Whatever the cursor moves to lands below the sticky toolbar, not under it.
        StickyBars,
        Proofreading.configure({ enabled: enabledRules() }),
        CitationClicks.configure({ onOpen: (target, asked) => openSource.current(target, asked) }),
      ],
      editable,
      editorProps: {
        attributes: {
          class: 'sheet__content',
          'data-testid': 'editor-content',
          // The title is known only after the editor exists; the header carries it.
          'aria-labelledby': 'sheet-title',
          spellcheck: 'false',
        },
      },
    },
    // One editor per session: the Yjs binding cannot move to another Y.Doc.
    [session],
  )

  // A link from 搜索 opens the text at the words, or a thread.
  useJumpFromLink(editor, session, comments)

  // What the server lets this person do with the text decides the modes on offer (never a rule of our own).
  const rights = useMemo(
    () => ({
      edit: editable,
      suggest: abilities?.suggest ?? false,
      suggestOnly: abilities?.suggestOnly ?? false,
    }),
    [editable, abilities?.suggest, abilities?.suggestOnly],
  )
  useEffect(() => {
    editor.commands.setSuggestRights(rights)
  }, [editor, rights])
  const { mode, notice } = useEditorState({
    editor,
    selector: ({ editor }) => {
      const state = suggestionsKey.getState(editor.state)
      return { mode: state?.mode ?? 'edit', notice: state?.notice ?? null }
    },
  })
  // In 修订 mode the editor takes keystrokes, and turns them into suggestions.
  const typable = editable || mode === 'suggest'
  const suggesting = mode === 'suggest'

  useEffect(() => {
    if (editor.isEditable !== typable) editor.setEditable(typable)
  }, [editor, typable])

  // A new colour reaches the others through awareness, without rebuilding the editor.
  useEffect(() => {
    editor.commands.updateUser({ ...presenceUser(identity, since) })
  }, [editor, identity, since])

  useEffect(() => keepGivenColor(session.provider.awareness), [session])

  useEffect(() => {
    onEditor?.(editor)
    return () => onEditor?.(null)
  }, [editor, onEditor])

  useProofreadingSettings(editor)
  useMeasurementHook({ docId: session.docId, editor, doc: session.doc, provider: session.provider })
  const modeControl = modeChoiceOffered(rights) ? (
    <ModeSwitch editor={editor} mode={mode} />
  ) : suggesting ? (
    <SuggestOnlyBadge />
  ) : null
  const [outlineVisible, toggleOutline] = useOutlineVisible()
  const [proofMenuOpen, setProofMenuOpen] = useState(false)
  // The comments drawer of narrow screens.
  const [commentsOpen, setCommentsOpen] = useState(false)
  // The proofreading popover is placed inside this box, so that it scrolls with the text.
  const editorBox = useRef<HTMLDivElement>(null)

  // Each person's colour as a custom property, which the carets already drawn follow
  // (presence-carets.ts); the toolbar's height, which what sticks or stops below it keeps clear of.
  const peers = usePresence(session.provider.awareness)
  const barHeight = useTopBarHeight(editorBox, readOnlyNotice ? 'read-only' : 'toolbar')
  const boxStyle = Object.fromEntries([
    ...peers.map((peer) => [caretColorProperty(peer.key), peer.color]),
    ...(barHeight ? [['--editor-bar-height', `${barHeight}px`]] : []),
  ]) as CSSProperties

  // Someone typing clicks cited words to put the caret there: 来源 opens on Ctrl/⌘-click (or from
  // its button), and follows plain clicks once open. A reader, who cannot type, opens it by a click.
  openSource.current = (target, asked) => {
    if (asked || !typable || sources.open) {
      setSources({ open: true, focus: target })
      setMaterialsOpen(false)
    }
  }
  const canCite = useEditorState({
    editor,
    selector: ({ editor }) => !editor.state.selection.empty || editor.isActive(citationMark),
  })
  const citeButton =
    editable && !suggesting ? (
      <button
        type="button"
        className="tool"
        title={t('citations.citeHint')}
        disabled={!canCite}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => setCiting(true)}
        data-testid="cite-button"
      >
        {t('citations.cite')}
      </button>
    ) : null
  const sourcesToggle = (
    <button
      type="button"
      className="tool"
      aria-pressed={sources.open}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => {
        setSources({ open: !sources.open, focus: null })
        setMaterialsOpen(false)
      }}
      data-testid="sources-toggle"
    >
      {t('citations.title')}
    </button>
  )
  const materialsToggle = groupId ? (
    <button
      type="button"
      className="tool"
      aria-pressed={materialsOpen}
      title={t('materials.docToggleTitle')}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => {
        setMaterialsOpen(!materialsOpen)
        setSources({ open: false, focus: null })
      }}
      data-testid="materials-toggle"
    >
      {t('materials.docToggle')}
    </button>
  ) : null
  // Read-only readers (the chair, invited commenters) may still comment: the button goes with them.
  const commentButton = access?.comment ? <CommentButton editor={editor} store={comments} /> : null
  const commentTools = (
    <>
      {citeButton}
      {commentButton}
      <CommentsDrawerToggle store={comments} open={commentsOpen} setOpen={setCommentsOpen} />
    </>
  )
  // Readers find their way with the outline too.
  const outlineToggle = (
    <button
      type="button"
      className="tool"
      aria-pressed={outlineVisible}
      title={t('outline.toggleTitle')}
      onMouseDown={(event) => event.preventDefault()}
      onClick={toggleOutline}
      data-testid="outline-toggle"
    >
      {t('outline.show')}
    </button>
  )

  return (
    <div className="commented-editor">
      <div className="editor" ref={editorBox} style={boxStyle}>
        {readOnlyNotice ? (
          <div className="read-only-bar">
            {suggesting && modeControl}
            <p className="read-only" data-testid="read-only">
              {readOnlyNotice}
            </p>
            {outlineToggle}
            {sourcesToggle}
            {materialsToggle}
            {commentTools}
          </div>
        ) : (
          <Toolbar
            editor={editor}
            disabled={!editable}
            suggesting={suggesting}
            mode={modeControl}
            extra={commentTools}
            aids={
              <>
                {outlineToggle}
                {sourcesToggle}
                {materialsToggle}
                <ProofreadingMenu editor={editor} open={proofMenuOpen} setOpen={setProofMenuOpen} />
                <ShortcutsHelp />
              </>
            }
          />
        )}
        <SuggestionNotice editor={editor} notice={notice} />
        <div
          className={[
            'editor__body',
            outlineVisible ? 'editor__body--outline' : '',
            suggesting ? 'editor__body--suggesting' : '',
          ]
            .filter(Boolean)
            .join(' ')}
          data-mode={mode}
        >
          {outlineVisible && <OutlinePanel editor={editor} />}
          <article className="sheet">
            <header id="sheet-title" className="sheet__title">
              {title || '\u00a0'}
            </header>
            <EditorContent editor={editor} />
          </article>
        </div>
        <CountBar editor={editor} docId={session.docId} />
        <FixPopover editor={editor} container={editorBox} editable={editable && !suggesting} hidden={proofMenuOpen} />
      </div>
      {sources.open && (
        <CitationsPanel
          docId={session.docId}
          editor={editor}
          focus={sources.focus}
          onFocus={(focus) => setSources({ open: true, focus })}
          onClose={() => setSources({ open: false, focus: null })}
        />
      )}
      {materialsOpen && groupId && <DocumentMaterialsPanel groupId={groupId} onClose={() => setMaterialsOpen(false)} />}
      {citing && <CiteDialog docId={session.docId} editor={editor} onClose={() => setCiting(false)} />}
      <CommentsSidebar
        store={comments}
        editor={editor}
        access={access}
        abilities={abilities}
        open={commentsOpen}
        setOpen={setCommentsOpen}
      />
    </div>
  )
}
