/** Entry: mounts the app. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.js'
import { connectEarly } from './collab/session.js'
import { askThreadListEarly } from './comments/thread-list.js'
import { askDocumentViewEarly } from './documents/use-document-view.js'
import { loadCatalogue, locale } from './i18n/i18n.js'
import { parseRoute } from './routing/route.js'
import './app/styles.css'

document.documentElement.lang = locale

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

// Opening a draft: its socket opens now, beside /api/auth/me, rather than once the account is
// known and the editor has rendered; its comment threads and its view (rights) are asked at the
// same moment, so that the editor is made editable, its threads' words painted with the text.
const route = parseRoute(location.pathname)
if (route.page === 'editor') {
  connectEarly(route.docId)
  askThreadListEarly(route.docId)
  askDocumentViewEarly(route.docId)
}

// The English catalogue is a chunk of its own; a Chinese reader's page never fetches it.
void loadCatalogue().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
)
