/** The link to the server in words: 已连接 / 正在重新连接… / 离线. */
import { t } from '../i18n/i18n.js'
import type { ConnectionState } from '../collab/connection.js'

const labelKey = {
  connected: 'connection.connected',
  connecting: 'connection.connecting',
  reconnecting: 'connection.reconnecting',
  offline: 'connection.offline',
} as const

export function ConnectionStatus({ state }: { state: Exclude<ConnectionState, { kind: 'refused' }> }) {
  return (
    <span
      className={`connection connection--${state.kind}`}
      role="status"
      data-testid="connection-status"
      data-state={state.kind}
    >
      <span className="connection__dot" aria-hidden="true" />
      {t(labelKey[state.kind])}
    </span>
  )
}
