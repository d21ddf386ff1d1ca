/** What the person should know about the link to the server: connected, trying, offline, or refused. */
import { useSyncExternalStore } from 'react'
import type { WebsocketProvider } from 'y-websocket'

export type ConnectionState =
  /** Not yet connected since the document was opened. */
  | { kind: 'connecting' }
  | { kind: 'connected' }
  /** Was connected, lost the socket; the provider retries with backoff. */
  | { kind: 'reconnecting' }
  /** The browser reports no network; edits stay local until it returns. */
  | { kind: 'offline' }
  /**
   * The server closed with a final code (4400–4499, see shared/collab.ts); the provider has
   * stopped reconnecting.
   */
  | { kind: 'refused'; code: number; reason: string }

type Status = 'connecting' | 'connected' | 'disconnected'

/**
 * Follows a provider's 'status' and 'closed' events and the browser's online state, and keeps
 * one snapshot object per state so that React re-renders only on a change.
 */
export class ConnectionWatch {
  private status: Status
  private hasConnected: boolean
  private refusal: { code: number; reason: string } | null = null
  private online = navigator.onLine
  private snapshot: ConnectionState
  private readonly listeners = new Set<() => void>()

  constructor(private readonly provider: WebsocketProvider) {
    this.status = provider.wsconnected ? 'connected' : 'connecting'
    this.hasConnected = provider.wsconnected
    this.snapshot = this.compute()
    provider.on('status', this.onStatus)
    provider.on('closed', this.onClosed)
    window.addEventListener('online', this.onOnline)
    window.addEventListener('offline', this.onOffline)
  }

  get = (): ConnectionState => this.snapshot

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    this.provider.off('status', this.onStatus)
    this.provider.off('closed', this.onClosed)
    window.removeEventListener('online', this.onOnline)
    window.removeEventListener('offline', this.onOffline)
    this.listeners.clear()
  }

  private onStatus = ({ status }: { status: Status }) => {
    this.status = status
    if (status === 'connected') this.hasConnected = true
    this.update()
  }

  private onClosed = (event: { code: number; reason: string }) => {
    this.refusal = { code: event.code, reason: event.reason }
    this.update()
  }

  private onOnline = () => {
    this.online = true
    this.update()
  }

  private onOffline = () => {
    this.online = false
    this.update()
  }

  private compute(): ConnectionState {
    if (this.refusal) return { kind: 'refused', ...this.refusal }
    if (!this.online) return { kind: 'offline' }
    if (this.status === 'connected') return { kind: 'connected' }
    return { kind: this.hasConnected ? 'reconnecting' : 'connecting' }
  }

  private update(): void {
    const next = this.compute()
    const previous = this.snapshot
    const same =
      next.kind === previous.kind &&
      (next.kind !== 'refused' || (previous.kind === 'refused' && previous.code === next.code))
    if (same) return
    this.snapshot = next
    for (const listener of this.listeners) listener()
  }
}

export function useConnection(watch: ConnectionWatch): ConnectionState {
  return useSyncExternalStore(watch.subscribe, watch.get)
}
