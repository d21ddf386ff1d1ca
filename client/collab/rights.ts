/**
 * Notices when what the user may do with the document may have changed: the server closed the
 * socket to reconnect with new rights (4500), pushed a workflow event (送审, 审定, 退回, 重新开放), or
 * refused an edit (the page thought the user could write: a socket that was away as the document
 * was approved hears of it no other way).
 */
import { useEffect, useState } from 'react'
import type { ObservableV2 } from 'lib0/observable'
import type { WebsocketProvider } from 'y-websocket'
import { CloseCode } from '../../shared/collab.js'
import type { ServerEventListeners } from './session.js'

/**
 * A number that grows each time the server closed the socket with `rightsChanged`, each time the
 * socket is back after such a close, and (given the session's `events`) on each `{type:'workflow'}`
 * and `{type:'refused'}` event. The provider reconnects by itself (4500 is outside 4400–4499); what the page shows about
 * the user's rights (read-only or not) and the workflow has to be asked for again. Asking once
 * more on reconnecting covers a workflow event pushed while this socket was away.
 */
export function useRightsRevision(provider: WebsocketProvider, events?: ObservableV2<ServerEventListeners>): number {
  const [revision, setRevision] = useState(0)
  useEffect(() => {
    let awaitingReconnect = false
    const bump = () => setRevision((n) => n + 1)
    const onClose = (event: CloseEvent | null) => {
      if (event?.code !== CloseCode.rightsChanged) return
      awaitingReconnect = true
      bump()
    }
    const onStatus = ({ status }: { status: string }) => {
      if (status !== 'connected' || !awaitingReconnect) return
      awaitingReconnect = false
      bump()
    }
    provider.on('connection-close', onClose)
    provider.on('status', onStatus)
    events?.on('workflow', bump)
    events?.on('refused', bump)
    return () => {
      provider.off('connection-close', onClose)
      provider.off('status', onStatus)
      events?.off('workflow', bump)
      events?.off('refused', bump)
    }
  }, [provider, events])
  return revision
}
