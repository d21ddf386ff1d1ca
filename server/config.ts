/** The environment, parsed once by zod: every setting the server reads lives here. */
import { dirname, join, resolve } from 'node:path'
import { z } from 'zod'
import { DEFAULT_MAX_MESSAGE_BYTES } from '../shared/collab.js'
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '../shared/office-time.js'

/**
 * What one collaboration socket may cost the server: how much may wait in its send buffer, how fast
 * it may send, and how many sockets one user and one document may hold.
 */
export interface SocketLimits {
  /** Bytes that may wait unsent for one socket (a reader that stopped reading); past it: close 1013. */
  bufferBytes: number
  /** Frames and bytes a socket may send per second (one second's worth may come at once). */
  messagesPerSecond: number
  bytesPerSecond: number
  /** Sockets of one user, and on one document, in this process; one more is refused with 4429. */
  socketsPerUser: number
  socketsPerDocument: number
  /**
   * Least time between two full answers of one kind (the whole document for a sync step 1, every
   * caret for an awareness query) to one socket; a request sooner is answered when it is over.
   */
  fullAnswerIntervalMs: number
}

export const defaultSocketLimits: SocketLimits = {
  bufferBytes: 4 * 1024 * 1024,
  messagesPerSecond: 200,
  bytesPerSecond: 2 * 1024 * 1024,
  socketsPerUser: 20,
  socketsPerDocument: 200,
  fullAnswerIntervalMs: 10_000,
}

/** How much comment data one document may accumulate (refused past it with a code, never trimmed). */
export interface StoredDataLimits {
  threadsPerDocument: number
  commentsPerThread: number
  /** Earlier bodies kept per comment; one more edit is refused. */
  editsPerComment: number
}

export const defaultStoredDataLimits: StoredDataLimits = {
  threadsPerDocument: 1000,
  commentsPerThread: 200,
  editsPerComment: 50,
}
/** Largest request bodies accepted, in bytes; a larger one is refused with 413 before it is read. */
export interface BodyLimits {
  /** Every body but uploads: the API's JSON. */
  jsonBytes: number
  /** multipart/form-data and application/octet-stream bodies (materials, imports). */
  uploadBytes: number
}

const defaultBodyLimits: BodyLimits = { jsonBytes: 256 * 1024, uploadBytes: 20 * 1024 * 1024 }

/** Login attempts (failed or still being checked) a key may have within the window; more: 429. */
export interface LoginLimits {
  /** On one account from one address: a guesser elsewhere cannot lock its owner out. */
  perAccountAndAddress: number
  /** From one address, whatever the account. */
  perAddress: number
  windowMs: number
}

export const defaultLoginLimits: LoginLimits = { perAccountAndAddress: 5, perAddress: 20, windowMs: 15 * 60 * 1000 }

const Env = z.object({
  /** 'debug' adds the lines only worth reading while chasing a problem (such as dropped read-only updates). */
  LOG_LEVEL: z.enum(['info', 'debug']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATA_DIR: z.string().default('./data'),
  /** The built client to serve (index.html and assets/); unset: dist/client, which `npm start` builds. */
  CLIENT_DIR: z.string().optional(),
  MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_MESSAGE_BYTES),
  /** 'interval' fsyncs once a second (a power cut may lose up to that); 'always' before every relay. */
  FSYNC: z.enum(['interval', 'always']).default('interval'),
  /** A document's log is merged into one state once it grows past this many bytes. */
  COMPACT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  /** Document logs kept open at once (embedded store); the least recently written is closed past it. */
  MAX_OPEN_LOGS: z.coerce.number().int().positive().default(1024),
  /** One socket's unsent bytes past which it is closed (1013): a reader that stopped reading. */
  SOCKET_BUFFER_BYTES: z.coerce.number().int().positive().default(defaultSocketLimits.bufferBytes),
  /** Frames and bytes per second one socket may send; past it the server stops reading from it a while. */
  SOCKET_MESSAGES_PER_SECOND: z.coerce.number().positive().default(defaultSocketLimits.messagesPerSecond),
  SOCKET_BYTES_PER_SECOND: z.coerce.number().int().positive().default(defaultSocketLimits.bytesPerSecond),
  /** Open collaboration sockets per user, and per document, in one process; one more is refused (4429). */
  MAX_SOCKETS_PER_USER: z.coerce.number().int().positive().default(defaultSocketLimits.socketsPerUser),
  MAX_SOCKETS_PER_DOCUMENT: z.coerce.number().int().positive().default(defaultSocketLimits.socketsPerDocument),
  SOCKET_FULL_ANSWER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(defaultSocketLimits.fullAnswerIntervalMs),
  /** Comment threads one document may have; one more is refused (409 too_many_threads). */
  MAX_THREADS_PER_DOCUMENT: z.coerce.number().int().positive().default(defaultStoredDataLimits.threadsPerDocument),
  /** Comments (the first included) one thread may have; one more is refused (409 too_many_comments). */
  MAX_COMMENTS_PER_THREAD: z.coerce.number().int().positive().default(defaultStoredDataLimits.commentsPerThread),
  /** Edits one comment may have (each keeps the earlier body); one more is refused (409 too_many_edits). */
  MAX_COMMENT_EDITS: z.coerce.number().int().positive().default(defaultStoredDataLimits.editsPerComment),
  /** Worker threads for every export file, redline and diff (default: 2, or 1 on a one-core machine). */
  EXPORT_WORKERS: z.coerce.number().int().positive().optional(),
  /** An export, redline or diff running longer than this is stopped: 503 export_timeout. */
  EXPORT_TIMEOUT_SECONDS: z.coerce.number().positive().default(20),
  /** Characters of input (a version's content; both versions of a comparison) above which the work is refused: 413 export_too_large. */
  EXPORT_MAX_CHARS: z.coerce.number().int().positive().default(2_000_000),
  /** A worker thread without work for this long ends, so a server at rest holds none. */
  EXPORT_WORKER_IDLE_SECONDS: z.coerce.number().positive().default(60),
  /**
   * The key that signs each audit chain's head, kept outside DATA_DIR; created (0600) on first
   * start. Default: jianyi-audit.key beside DATA_DIR. Every instance of a scale-out deployment needs the same key.
   */
  AUDIT_KEY_FILE: z.string().optional(),
  /** Largest JSON request body, and largest upload; past them: 413 before the body is read. */
  MAX_JSON_BODY_BYTES: z.coerce.number().int().positive().default(defaultBodyLimits.jsonBytes),
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(defaultBodyLimits.uploadBytes),
  /** A 建议案 sent more than this many days ago with neither 领导批示 nor 办理反馈 is 待跟踪 in the secretaries' inbox. */
  FOLLOW_UP_DAYS: z.coerce.number().int().positive().default(30),
  /** Extra origins allowed besides the server's own (comma-separated), e.g. the Vite dev server. */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Failed logins per account and address, and per address, within the window; more: 429. */
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(defaultLoginLimits.perAccountAndAddress),
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(defaultLoginLimits.perAddress),
  LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .positive()
    .default(defaultLoginLimits.windowMs / 60_000),
  /** A session unused for this many minutes ends. */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(120),
  /** A session ends this many hours after login, used or not. */
  SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  /**
   * How many reverse proxies in front append to X-Forwarded-For; the client address is the entry
   * the outermost of them appended (the Nth from the right), and X-Forwarded-Proto is read only when
   * this is above 0 (the session cookie's Secure attribute). `true`/`false` are read as 1/0.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d+|true|false)$/, 'must be a number of proxies (0, 1, 2…)')
    .default('0')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v))),
  /** postgres://… moves every store to PostgreSQL (scale-out); unset = lowdb and files under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /**
   * The office's time zone, an IANA name: every time shown on screen or printed in an export is its
   * wall clock, whatever zone the host or the reader's browser is set to. Stored times stay UTC.
   */
  TIME_ZONE: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .transform((zone, ctx) => {
      // The default needs no check: asking Intl would load ICU's zone data at every start, several
      // MB resident until the first time is formatted, which a server at rest never does.
      const canonical = zone === DEFAULT_TIME_ZONE ? zone : canonicalTimeZone(zone)
      if (canonical) return canonical
      ctx.addIssue({
        code: 'custom',
        message: `“${zone}” 不是时区名称，请填写 IANA 时区名，如 Asia/Shanghai / is not a time zone: write an IANA name such as Asia/Shanghai`,
      })
      return z.NEVER
    }),
  /** redis://… turns on fan-out between instances. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
})

export interface Config {
  logLevel: 'info' | 'debug'
  host: string
  port: number
  dataDir: string
  /** The built client to serve, or null for the default (dist/client). */
  clientDir: string | null
  maxMessageBytes: number
  fsync: 'interval' | 'always'
  compactBytes: number
  maxOpenLogs: number
  socketLimits: SocketLimits
  storedDataLimits: StoredDataLimits
  exportLimits: { workers: number | null; timeoutMs: number; maxChars: number; idleMs: number }
  auditKeyFile: string
  bodyLimits: BodyLimits
  loginLimits: LoginLimits
  allowedOrigins: string[]
  sessionIdleMs: number
  sessionMaxMs: number
  trustedProxies: number
  /** The office's time zone (canonical IANA name): the clock every displayed and exported time is read on. */
  timeZone: string
  /** FOLLOW_UP_DAYS: days after sending before a 建议案 without 批示 or 办理反馈 is 待跟踪. */
  followUpDays: number
  databaseUrl: string | null
  redisUrl: string | null
}

/** Reads the configuration; a bad value stops the start with a message naming the variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`invalid configuration ${issue.path.join('.')}: ${issue.message}`)
  }
  const e = parsed.data
  const dataDir = resolve(e.DATA_DIR)
  return {
    logLevel: e.LOG_LEVEL,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    clientDir: e.CLIENT_DIR ? resolve(e.CLIENT_DIR) : null,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    fsync: e.FSYNC,
    compactBytes: e.COMPACT_BYTES,
    maxOpenLogs: e.MAX_OPEN_LOGS,
    socketLimits: {
      bufferBytes: e.SOCKET_BUFFER_BYTES,
      messagesPerSecond: e.SOCKET_MESSAGES_PER_SECOND,
      bytesPerSecond: e.SOCKET_BYTES_PER_SECOND,
      socketsPerUser: e.MAX_SOCKETS_PER_USER,
      socketsPerDocument: e.MAX_SOCKETS_PER_DOCUMENT,
      fullAnswerIntervalMs: e.SOCKET_FULL_ANSWER_INTERVAL_MS,
    },
    storedDataLimits: {
      threadsPerDocument: e.MAX_THREADS_PER_DOCUMENT,
      commentsPerThread: e.MAX_COMMENTS_PER_THREAD,
      editsPerComment: e.MAX_COMMENT_EDITS,
    },
    exportLimits: {
      workers: e.EXPORT_WORKERS ?? null,
      timeoutMs: e.EXPORT_TIMEOUT_SECONDS * 1000,
      maxChars: e.EXPORT_MAX_CHARS,
      idleMs: e.EXPORT_WORKER_IDLE_SECONDS * 1000,
    },
    auditKeyFile: resolve(e.AUDIT_KEY_FILE ?? join(dirname(dataDir), 'jianyi-audit.key')),
    bodyLimits: { jsonBytes: e.MAX_JSON_BODY_BYTES, uploadBytes: e.MAX_UPLOAD_BYTES },
    loginLimits: {
      perAccountAndAddress: e.LOGIN_FAILURES_PER_ACCOUNT,
      perAddress: e.LOGIN_FAILURES_PER_ADDRESS,
      windowMs: e.LOGIN_WINDOW_MINUTES * 60_000,
    },
    allowedOrigins: e.ALLOWED_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    trustedProxies: e.TRUST_PROXY,
    timeZone: e.TIME_ZONE,
    followUpDays: e.FOLLOW_UP_DAYS,
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
  }
}
