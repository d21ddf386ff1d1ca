/**
 * FanOut over Redis pub/sub. Delivery is at most once: a message published while an instance is
 * disconnected is lost to it. That is safe because every update is stored in PostgreSQL before it
 * is published, and an instance that reconnects reloads its open rooms from the store (and every
 * client re-syncs its whole state vector when it reconnects).
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { DocumentMessage, FanOut } from '../fanout.js'

const documentChannel = (docId: string) => `jianyi:doc:${docId}`
const controlChannel = 'jianyi:control'
const kinds = ['update', 'awareness', 'awareness-query'] as const

/** `Control` is the shape of the control messages, which travel as JSON. */
export class RedisFanOut<Control> implements FanOut<Control> {
  /** Identifies this instance's own messages, which Redis also delivers back to it. */
  private readonly instanceId = randomBytes(8)
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly listeners = new Map<string, (message: DocumentMessage) => void>()
  private readonly controlListeners: ((message: Control) => void)[] = []
  private readonly reconnectListeners: (() => void)[] = []
  private down: string | null = null
  private readonly ready: Promise<void>

  constructor(
    url: string,
    private readonly log: (line: string) => void,
  ) {
    const options = {
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
    }
    this.pub = new Redis(url, options)
    this.sub = new Redis(url, options)
    let everReady = false
    for (const [name, client] of [
      ['publisher', this.pub],
      ['subscriber', this.sub],
    ] as const) {
      client.on('error', (error: Error) => {
        if (this.down === null) this.log(`redis ${name}: ${error.message}; fan-out between instances is interrupted`)
        this.down = `redis ${name}: ${error.message}`
      })
      client.on('end', () => {
        this.down = `redis ${name}: connection ended`
      })
    }
    this.sub.on('ready', () => {
      if (everReady) {
        this.log('redis: reconnected; reloading open documents from the store')
        for (const listener of this.reconnectListeners) listener()
      }
      everReady = true
      this.down = null
    })
    this.pub.on('ready', () => {
      if (this.sub.status === 'ready') this.down = null
    })
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message))
    this.ready = this.sub.subscribe(controlChannel).then(() => undefined)
  }

  async subscribe(docId: string, listener: (message: DocumentMessage) => void): Promise<void> {
    await this.ready
    this.listeners.set(docId, listener)
    await this.sub.subscribe(documentChannel(docId))
  }

  async unsubscribe(docId: string): Promise<void> {
    this.listeners.delete(docId)
    await this.sub.unsubscribe(documentChannel(docId))
  }

  async publish(message: DocumentMessage): Promise<void> {
    // [instance id (8)][kind (1)][payload]
    const frame = Buffer.concat([this.instanceId, Buffer.from([kinds.indexOf(message.kind)]), message.payload])
    await this.pub.publish(documentChannel(message.docId), frame)
  }

  async publishControl(message: Control): Promise<void> {
    await this.pub.publish(controlChannel, Buffer.concat([this.instanceId, Buffer.from(JSON.stringify(message))]))
  }

  onControl(listener: (message: Control) => void): void {
    this.controlListeners.push(listener)
  }

  onReconnected(listener: () => void): void {
    this.reconnectListeners.push(listener)
  }

  problem(): string | null {
    return this.down
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pub.quit(), this.sub.quit()])
  }

  private receive(channel: string, frame: Buffer): void {
    if (frame.length < 9 || frame.subarray(0, 8).equals(this.instanceId)) return
    try {
      if (channel === controlChannel) {
        const message = JSON.parse(frame.subarray(8).toString('utf8')) as Control
        for (const listener of this.controlListeners) listener(message)
        return
      }
      const docId = channel.slice(documentChannel('').length)
      const kind = kinds[frame[8]]
      if (!kind) throw new Error(`unknown message kind ${frame[8]}`)
      this.listeners.get(docId)?.({ kind, docId, payload: new Uint8Array(frame.subarray(9)) })
    } catch (error) {
      this.log(`redis: ignoring a malformed message on ${channel}: ${(error as Error).message}`)
    }
  }
}
