/** Entry: mounts the app. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.js'
import { loadCatalogue, locale } from './i18n/i18n.js'
import './app/styles.css'

document.documentElement.lang = locale

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

// The English catalogue is a chunk of its own; a Chinese reader's page never fetches it.
void loadCatalogue().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
)
