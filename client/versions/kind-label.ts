/** How a version's kind is named: 手动 / 送审 / 审定 / 恢复. */
import type { VersionKind } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'

export const kindLabel = (kind: VersionKind): string => t(`versions.kind.${kind}`)
