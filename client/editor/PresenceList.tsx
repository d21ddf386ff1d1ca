/** The people in this document, each with the colour of their caret. */
import type { Awareness } from 'y-protocols/awareness'
import { t } from '../i18n/i18n.js'
import { usePresence } from '../collab/presence.js'

export function PresenceList({ awareness }: { awareness: Awareness }) {
  const peers = usePresence(awareness)
  return (
    <ul className="presence" aria-label={t('presence.label')} data-testid="presence-list">
      {peers.map((peer) => (
        <li
          key={peer.clientId}
          className="presence__peer"
          data-testid="presence-peer"
          data-self={peer.isSelf || undefined}
        >
          <span className="dot" style={{ backgroundColor: peer.color }} aria-hidden="true" />
          <span className="presence__name">{peer.name}</span>
          {peer.isSelf && <span className="presence__self muted">{t('presence.you')}</span>}
        </li>
      ))}
    </ul>
  )
}
