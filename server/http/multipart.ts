/**
 * multipart/form-data read as it streams in (RFC 7578, parsed by busboy), for uploads: text fields
 * are gathered, each within a small limit; a file part is handed on chunk by chunk to whoever takes
 * it and never gathered here. Reading pauses while a chunk is being written, and stops at once when
 * the taker refuses (throws): the rest of the body is not read. (hono's parseBody reads the whole
 * body, then makes a File of the part: two copies of an upload in memory, three once its bytes were taken.)
 */
import type { RouteConfig } from '@hono/zod-openapi'
import busboy from 'busboy'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { once } from 'node:events'
import { invalidInput } from '../errors.js'

type SchemaObject = Record<string, unknown>

/** The request's Content-Length, when it said one: the body, and so its file, is at most that. */
export function declaredLength(c: Context): number | undefined {
  const length = Number(c.req.header('content-length'))
  return Number.isSafeInteger(length) && length > 0 ? length : undefined
}

/** Where a file part's bytes go. */
export interface FilePartSink {
  write(chunk: Uint8Array): Promise<void>
  /** The part is complete. */
  end(): Promise<void>
}

export interface MultipartHandlers {
  /** A file part begins (`fileName` as the browser sent it): where its bytes go. Throws to refuse it. */
  file(field: string, fileName: string): FilePartSink | Promise<FilePartSink>
  /** Bytes of one text field at most (default 64 KiB), and parts at most (default 16). */
  maxFieldBytes?: number
  maxParts?: number
}

/** Part headers at most (pairs), as busboy counts them. */
const MAX_HEADER_PAIRS = 32
/** What a file part buffers before the parser waits for its taker: the upload's memory per request. */
const FILE_BUFFER_BYTES = 64 * 1024

const malformed = (what: string) =>
  invalidInput('body', `multipart/form-data 格式有误 / malformed multipart body: ${what}`)

const unsupported = () => new HTTPException(415, { message: 'Unsupported Media Type' })

/**
 * Reads `request`'s multipart body with busboy: each file part goes to `handlers.file`, text fields
 * are returned (a repeated name keeps its first value). Malformed input is 400, another type 415.
 * The body is fed to the parser only as fast as the file's taker writes (busboy's backpressure), and
 * not at all once anything is refused: the rest of the body is never read.
 */
export async function readMultipart(request: Request, handlers: MultipartHandlers): Promise<Record<string, string>> {
  const contentType = request.headers.get('content-type') ?? ''
  if (contentType.split(';')[0].trim().toLowerCase() !== 'multipart/form-data') throw unsupported()
  if (!request.body) throw malformed('no body')
  let parser: busboy.Busboy
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      defParamCharset: 'utf8',
      fileHwm: FILE_BUFFER_BYTES,
      limits: {
        fieldSize: handlers.maxFieldBytes ?? 64 * 1024,
        parts: handlers.maxParts ?? 16,
        headerPairs: MAX_HEADER_PAIRS,
      },
    })
  } catch {
    // No boundary, or one busboy cannot use.
    throw unsupported()
  }

  const fields: Record<string, string> = {}
  const files: Promise<void>[] = []
  let failure: unknown = null
  /** Whoever waits for the body or the parser, woken when something is refused. */
  const waiting = new Set<() => void>()
  const fail = (error: unknown) => {
    if (failure !== null) return
    failure = error
    for (const wake of waiting) wake()
  }
  /**
   * `promise`, or undefined at once when something is refused. (Not a race against one promise
   * that lives as long as the upload: each race would stay attached to it, and with it every chunk read.)
   */
  const unlessRefused = async <T>(promise: Promise<T>): Promise<T | undefined> => {
    if (failure !== null) return undefined
    let wake!: () => void
    const refused = new Promise<undefined>((resolve) => (wake = () => resolve(undefined)))
    waiting.add(wake)
    try {
      return await Promise.race([promise, refused])
    } finally {
      waiting.delete(wake)
    }
  }
  const finished = new Promise<void>((resolve) => {
    parser.on('close', resolve)
    parser.on('error', (error: Error) => {
      fail(malformed(error.message))
      resolve()
    })
  })

  parser.on('file', (name, stream, info) => {
    files.push(
      (async () => {
        try {
          const sink = await handlers.file(name, info.filename ?? '')
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            if (failure !== null) return
            await sink.write(chunk)
          }
          if (failure === null) await sink.end()
        } catch (error) {
          fail(error)
        } finally {
          // A refused part's remaining bytes are let go, not buffered.
          stream.resume()
        }
      })(),
    )
  })
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) fail(malformed(`field ${name} too long`))
    else if (!(name in fields)) fields[name] = value
  })
  parser.on('partsLimit', () => fail(malformed('too many parts')))

  const reader = request.body.getReader()
  try {
    for (;;) {
      const next = await unlessRefused(reader.read())
      if (next === undefined) break
      if (next.done) {
        parser.end()
        break
      }
      // The parser holds its callback while a file part's taker is behind: wait for it (or the end).
      if (!parser.write(next.value))
        await unlessRefused(Promise.race([once(parser, 'drain').catch(() => undefined), finished]))
      if (failure !== null) break
    }
    await unlessRefused(finished)
    if (failure !== null) parser.destroy()
    await Promise.all(files)
  } finally {
    // Refused or done: nothing more is read here; what is left, the HTTP server discards after the answer.
    reader.releaseLock()
  }
  if (failure !== null) throw failure
  return fields
}

/**
 * `route` as registered for a handler that streams its multipart body (readMultipart): the body is
 * documented by `schema`, an OpenAPI schema object, and no validator reads it before the handler.
 * Its type stays `route`'s, so the typed client (hc) still sends the form `route` describes.
 */
export function streamedForm<R extends RouteConfig>(route: R, schema: SchemaObject): R {
  const body = route.request?.body
  if (!body) throw new Error(`${route.method} ${route.path} has no body to stream`)
  return {
    ...route,
    request: { ...route.request, body: { ...body, content: { 'multipart/form-data': { schema } } } },
  } as R
}

/** The OpenAPI description of a form: string fields (all required) and a file (binary). */
export function formSchema(
  fields: Record<string, string>,
  file: { description: string; required: boolean },
): SchemaObject {
  return {
    type: 'object',
    required: [...(file.required ? ['file'] : []), ...Object.keys(fields)],
    properties: {
      file: { type: 'string', format: 'binary', description: file.description },
      ...Object.fromEntries(
        Object.entries(fields).map(([name, description]) => [name, { type: 'string', description }]),
      ),
    },
  }
}
