/** The page of one draft (/d/:id): its collaboration session, who is here, and the editor. */
import { useState } from 'react'
import type { Editor as TiptapEditor } from '@tiptap/react'
import type { Me } from '../../shared/schema.js'
import { DocumentWorkflow } from '../approvals/DocumentWorkflow.js'
import type { Identity } from '../collab/identity.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { documentsPath } from '../routing/route.js'
import { useConnection } from '../collab/connection.js'
import { useRightsRevision } from '../collab/rights.js'
import { useCollabSession, type CollabSession } from '../collab/session.js'
import { useDocumentView } from '../documents/use-document-view.js'
import { DocumentKindControl } from '../documents/DocumentKindControl.js'
import { ConnectionStatus } from './ConnectionStatus.js'
import { Editor } from './Editor.js'
import { PresenceList } from './PresenceList.js'
import { deferredLabels } from '../i18n/deferred-labels.js'
import { deferred } from '../ui/Deferred.js'

// Shown only when the server refuses the draft (4403, 4404…): fetched then.
const Refusal = deferred(() => import('./Refusal.js').then((m) => m.Refusal), deferredLabels)

interface EditorPageProps {
  docId: string
  identity: Identity
  /** Who is signed in: the workflow bar offers the steps of their role. */
  me: Me
  /** The server closed the socket as unauthenticated: the session ended. */
  onSessionEnded: () => void
}

export function EditorPage({ docId, identity, me, onSessionEnded }: EditorPageProps) {
  // The local copy (IndexedDB) is per user: two accounts on one browser never share one.
  const session = useCollabSession(docId, me.user.id)
  if (!session) return <p className="muted notice">{t('editor.loading')}</p>
  return <Workspace session={session} identity={identity} me={me} onSessionEnded={onSessionEnded} />
}

function Workspace({
  session,
  identity,
  me,
  onSessionEnded,
}: { session: CollabSession } & Omit<EditorPageProps, 'docId'>) {
  const connection = useConnection(session.connection)
  // Rights and the workflow are asked again on 4500, on the reconnect after it, and on workflow events.
  const rightsRevision = useRightsRevision(session.provider, session.events)
  const view = useDocumentView(session.docId, rightsRevision)
  // The workflow's dialogs read the editor's proofreading and move its cursor to what it flags.
  const [editor, setEditor] = useState<TiptapEditor | null>(null)
  if (connection.kind === 'refused') return <Refusal code={connection.code} onSignInAgain={onSessionEnded} />

  // Until the server said this user may edit, the editor stays read-only: the server would drop
  // the edits of a read-only socket, and the page would show text that nobody else has.
  const editable = view?.access.edit ?? false

  return (
    <div className="workspace">
      <div className="workspace__bar">
        <Link href={documentsPath} className="back-link">
          ← {t('editor.back')}
        </Link>
        {/* 改文种 answers with a workflow event, which asks for this view (and the 送审 bar) again. */}
        {view && <DocumentKindControl doc={view} onChanged={() => undefined} />}
        <div className="workspace__status">
          <PresenceList awareness={session.provider.awareness} />
          <ConnectionStatus state={connection} />
        </div>
      </div>
      <DocumentWorkflow
        docId={session.docId}
        doc={session.doc}
        editor={editor}
        view={view}
        me={me}
        revision={rightsRevision}
      />
      {editable && (connection.kind === 'offline' || connection.kind === 'reconnecting') && (
        // Typing goes on into the local copy; the provider merges it when the server is back.
        <p className="offline-notice" role="status" data-testid="offline-notice">
          {t('offline.notice')}
        </p>
      )}
      <Editor
        session={session}
        identity={identity}
        title={view?.title ?? ''}
        editable={editable}
        readOnlyNotice={
          view && !editable
            ? t(
                view.status === 'approved'
                  ? 'workflow.lockedNotice'
                  : view.abilities.suggestOnly
                    ? 'suggestions.onlyNotice'
                    : 'editor.readOnly',
              )
            : null
        }
        access={view?.access ?? null}
        abilities={view?.abilities ?? null}
        onEditor={setEditor}
        groupId={view?.groupId ?? null}
        me={me.user}
      />
    </div>
  )
}
