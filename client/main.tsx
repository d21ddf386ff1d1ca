/** Entry: mounts the app. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.js'
import { connectEarly } from './collab/session.js'
import { askThreadListEarly } from './comments/thread-list.js'
import { loadCatalogue, locale } from './i18n/i18n.js'
import { parseRoute } from './routing/route.js'
import './app/styles.css'

document.documentElement.lang = locale

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

// Opening a draft: its socket opens now, beside /api/auth/me, rather than once the account is
// known and the editor has rendered. Its comment threads (200 in a long one) are asked once the
// draft has synced: the server answers the sync first, then builds the list while the page lays
// out the text.
const route = parseRoute(location.pathname)
if (route.page === 'editor') {
  const { docId } = route
  const provider = connectEarly(docId)
  const askThreads = (synced: boolean) => {
    if (!synced) return
    provider.off('sync', askThreads)
    askThreadListEarly(docId)
  }
  provider.on('sync', askThreads)
}

// The English catalogue is a chunk of its own; a Chinese reader's page never fetches it.
void loadCatalogue().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
)
