/** Notices when the server asks a socket to reconnect because the user's rights changed (4500). */
import { useEffect, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import { CloseCode } from '../../shared/collab.js'

/**
 * A number that grows each time the server closed the socket with `rightsChanged`. The provider
 * reconnects by itself (the code is outside 4400–4499); what the page shows about the user's
 * rights (read-only or not) has to be asked for again.
 */
export function useRightsRevision(provider: WebsocketProvider): number {
  const [revision, setRevision] = useState(0)
  useEffect(() => {
    const onClose = (event: CloseEvent | null) => {
      if (event?.code === CloseCode.rightsChanged) setRevision((n) => n + 1)
    }
    provider.on('connection-close', onClose)
    return () => provider.off('connection-close', onClose)
  }, [provider])
  return revision
}
