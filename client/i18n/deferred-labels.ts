/** The words around a part of the page loaded on demand (ui/deferred.tsx), from the catalogue, and its strings. */
import { loadPageMessages, t } from './i18n.js'
import type { DeferredWords } from '../ui/Deferred.js'

export const deferredLabels: DeferredWords = {
  labels: () => ({
    pending: t('app.loading'),
    failed: t('app.partFailed'),
    reload: t('app.reload'),
  }),
  ready: loadPageMessages,
}
