/**
 * The bare app the client bench compares Jianyi with (test/bench/client-scenario.ts): React, TipTap's
 * StarterKit, Collaboration and CollaborationCaret, and a y-websocket provider, nothing else. It opens
 * the document named by the last segment of the path (/d/<id>, as Jianyi's URL) on the serving
 * server's /collab, and exposes the same measurement hook as Jianyi (window.__jianyi).
 */
import { createRoot } from 'react-dom/client'
import { EditorContent, useEditor } from '@tiptap/react'
import StarterKit from '@tiptap/starter-kit'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const docId = location.pathname.split('/').filter(Boolean).pop() ?? 'bench'
const doc = new Y.Doc()
const provider = new WebsocketProvider(
  `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`,
  docId,
  doc,
  {
    disableBc: true,
  },
)

function App() {
  const editor = useEditor({
    extensions: [
      StarterKit.configure({ undoRedo: false }),
      Collaboration.configure({ document: doc }),
      CollaborationCaret.configure({ provider, user: { name: 'bench', color: '#1f6feb' } }),
    ],
  })
  Object.assign(window, { __jianyi: { editor, doc, provider } })
  return <EditorContent editor={editor} />
}

createRoot(document.getElementById('root')!).render(<App />)
