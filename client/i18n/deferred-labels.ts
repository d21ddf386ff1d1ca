/** The words around a part of the page loaded on demand (ui/deferred.tsx), from the catalogue. */
import { t } from './i18n.js'
import type { DeferredLabels } from '../ui/Deferred.js'

export const deferredLabels = (): DeferredLabels => ({
  pending: t('app.loading'),
  failed: t('app.partFailed'),
  reload: t('app.reload'),
})
