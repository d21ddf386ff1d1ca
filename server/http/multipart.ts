/**
 * multipart/form-data read as it streams in (RFC 7578), for uploads: text fields are gathered, each
 * within a small limit; a file part is handed on chunk by chunk to whoever takes it and never
 * gathered here. Reading pauses while a chunk is being written, and stops at once when the taker
 * refuses (throws): the rest of the body is not read. (hono's parseBody reads the whole body, then
 * makes a File of the part: two copies of an upload in memory, three once its bytes were taken.)
 */
import type { RouteConfig } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
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

const CRLF = Buffer.from('\r\n')
const HEADERS_END = Buffer.from('\r\n\r\n')
const MAX_HEADER_BYTES = 8 * 1024

const malformed = (what: string) =>
  invalidInput('body', `multipart/form-data 格式有误 / malformed multipart body: ${what}`)

/** The boundary of a multipart/form-data Content-Type; 415 for any other type, as the typed routes answer. */
function boundaryOf(contentType: string | null): string {
  const [type, ...params] = (contentType ?? '').split(';')
  if (type.trim().toLowerCase() !== 'multipart/form-data')
    throw new HTTPException(415, { message: 'Unsupported Media Type' })
  for (const param of params) {
    const at = param.indexOf('=')
    if (param.slice(0, at).trim().toLowerCase() !== 'boundary') continue
    const value = param
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
    if (value.length > 0 && value.length <= 70) return value
  }
  throw new HTTPException(415, { message: 'Unsupported Media Type' })
}

/** The field name and file name of a part's Content-Disposition (a file name: the part is a file). */
function dispositionOf(headers: string): { name: string; fileName: string | null } {
  const line = headers.split('\r\n').find((l) => /^content-disposition\s*:/i.test(l))
  if (!line) throw malformed('a part without Content-Disposition')
  const param = (key: string) => {
    // Quoted as browsers send it (a quote inside escaped as %22 or \"), or a bare token.
    const match = new RegExp(`;\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(line)
    return match ? (match[1] ?? match[2]).replace(/\\(.)/g, '$1') : null
  }
  const name = param('name')
  if (name === null) throw malformed('a part without a name')
  const extended = /;\s*filename\*\s*=\s*UTF-8''([^;\s]*)/i.exec(line)
  let fileName = param('filename')
  if (extended) {
    try {
      fileName = decodeURIComponent(extended[1])
    } catch {
      // Badly encoded: the plain filename, if any, stands.
    }
  }
  return { name, fileName }
}

/**
 * Reads `request`'s multipart body: each file part goes to `handlers.file`, text fields are
 * returned (a repeated name keeps its first value). Malformed input is 400, another type 415.
 */
export async function readMultipart(request: Request, handlers: MultipartHandlers): Promise<Record<string, string>> {
  const boundary = boundaryOf(request.headers.get('content-type'))
  const maxFieldBytes = handlers.maxFieldBytes ?? 64 * 1024
  const maxParts = handlers.maxParts ?? 16
  // Every delimiter but the first follows a line break; the first may open the body, so one is put before it.
  const delimiter = Buffer.from(`\r\n--${boundary}`)
  const fields: Record<string, string> = {}
  if (!request.body) throw malformed('no body')
  const reader = request.body.getReader()

  let pending: Buffer = CRLF
  let ended = false
  /** Reads more into `pending`; false at the end of the body. */
  const more = async (): Promise<boolean> => {
    if (ended) return false
    const { done, value } = await reader.read()
    if (done) {
      ended = true
      return false
    }
    const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    return true
  }

  try {
    // The preamble, up to the first delimiter.
    for (;;) {
      const at = pending.indexOf(delimiter)
      if (at >= 0) {
        pending = pending.subarray(at + delimiter.length)
        break
      }
      // Keep what could be the start of a delimiter.
      pending = pending.subarray(Math.max(0, pending.length - delimiter.length + 1))
      if (!(await more())) throw malformed('no boundary')
    }
    for (let parts = 0; ; parts++) {
      // After a delimiter: "--" ends the body, a line break starts a part.
      while (pending.length < 2) if (!(await more())) throw malformed('cut off')
      if (pending[0] === 0x2d && pending[1] === 0x2d) break
      let headersEnd = pending.indexOf(HEADERS_END)
      while (headersEnd < 0) {
        if (pending.length > MAX_HEADER_BYTES) throw malformed('part headers too long')
        if (!(await more())) throw malformed('cut off')
        headersEnd = pending.indexOf(HEADERS_END)
      }
      if (parts >= maxParts) throw malformed('too many parts')
      // The rest of the delimiter's line (transport padding) and the headers.
      const headers = pending.subarray(pending.indexOf(CRLF) + 2, headersEnd + 2).toString('utf8')
      pending = pending.subarray(headersEnd + HEADERS_END.length)
      const { name, fileName } = dispositionOf(headers)

      const sink = fileName === null ? null : await handlers.file(name, fileName)
      const text: Buffer[] = []
      let textBytes = 0
      const take = async (bytes: Buffer) => {
        if (bytes.length === 0) return
        if (sink) return sink.write(bytes)
        textBytes += bytes.length
        if (textBytes > maxFieldBytes) throw malformed(`field ${name} too long`)
        text.push(Buffer.from(bytes))
      }
      for (;;) {
        const at = pending.indexOf(delimiter)
        if (at >= 0) {
          await take(pending.subarray(0, at))
          pending = pending.subarray(at + delimiter.length)
          break
        }
        const safe = pending.length - delimiter.length + 1
        if (safe > 0) {
          await take(pending.subarray(0, safe))
          pending = pending.subarray(safe)
        }
        if (!(await more())) throw malformed('cut off')
      }
      if (sink) await sink.end()
      else if (!(name in fields)) fields[name] = Buffer.concat(text).toString('utf8')
    }
    return fields
  } finally {
    // Refused or done: nothing more is read here; what is left, the HTTP server discards after the answer.
    reader.releaseLock()
  }
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
