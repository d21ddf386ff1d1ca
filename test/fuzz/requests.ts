/** Malformed API requests for every route the OpenAPI document lists. Deterministic for a seed. */
import type { Session } from '../helpers/accounts.js'
import type { Random } from '../helpers/seeded-random.js'
import type { RunningServer } from '../helpers/server.js'

export interface Route {
  method: string
  /** With {name} placeholders, as the OpenAPI document writes it (/api/…). */
  path: string
  params: string[]
  query: string[]
  hasBody: boolean
  bodyFields: string[]
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[]
        requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }
      }
    >
  >
}

/** Every route of the API, read from its OpenAPI document. */
export async function routesOf(server: RunningServer): Promise<Route[]> {
  const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDocument
  const routes: Route[] = []
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? []
      const json = operation.requestBody?.content?.['application/json']
      routes.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: json !== undefined,
        bodyFields: Object.keys(json?.schema?.properties ?? {}),
      })
    }
  }
  return routes
}

const int = (random: Random, n: number) => Math.floor(random() * n)
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]

/** Path segments no route accepts (each percent-encoded the way a client may send it). */
const hostileSegments = [
  'x',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'a'.repeat(300),
  '%F0%A0%80%80',
  '%ED%A0%80',
  '%FF%FE',
  '-1',
  '1e309',
  'NaN',
  '0x10',
  '%E4%B8%AD%E6%96%87',
  '__proto__',
  '%20',
]

const hostileValues: unknown[] = [
  null,
  true,
  -1,
  1e308,
  '',
  '\u0000',
  '\uD800',
  'x'.repeat(5000),
  [],
  [1, 'a', null],
  {},
  { $gt: '' },
  { __proto__: { admin: true } },
  '2025-02-30',
  '<script>alert(1)</script>',
]

/** Bodies that are not a JSON object: no route takes them. */
const notAnObject = ['', '{', '{"a":', 'null', '[]', '"text"', '42', '['.repeat(50_000) + ']'.repeat(50_000)]
/** Objects with traps in them, which a route with only optional fields may accept. */
const trappedObjects = ['{"__proto__":{"polluted":1}}', '{"a":"\\ud800"}', '\uFEFF{}', '{"a":1,"a":2}']

export interface HostileRequest {
  path: string
  init: { method: string; headers: Record<string, string>; body?: string }
  /** Malformed beyond doubt (a bad path segment or a body that is not JSON): must be a 4xx. */
  mustRefuse: boolean
  /**
   * A large body: a server that answers before reading it (413, 404, 415…) closes the connection
   * on the rest, which fetch, still sending, may report instead of the answer.
   */
  largeBody: boolean
  describe: string
}

/**
 * A malformed request to a random route. With a session, requests that could do harm with a
 * valid body never get one: they carry a real document id only together with a malformed body.
 */
export function hostileRequest(
  random: Random,
  routes: Route[],
  context: { docId: string; session: Session | null },
): HostileRequest {
  let candidates = routes
  // Signing out would end the campaign's own session.
  if (context.session) candidates = routes.filter((r) => r.path !== '/api/auth/logout')
  const route = pick(random, candidates)
  let mustRefuse = false
  const bodyKind = route.hasBody ? int(random, 4) : -1
  const badBody = bodyKind === 0
  let path = route.path
  for (const name of route.params) {
    // A real document id only where the body is surely refused; otherwise a segment no route takes.
    const real = name === 'id' && badBody && random() < 0.7
    if (!real) mustRefuse = true
    path = path.replace(`{${name}}`, real ? context.docId : pick(random, hostileSegments))
  }
  if (route.query.length > 0 || random() < 0.2) {
    const names = route.query.length > 0 ? route.query : ['q']
    const query = names.map((n) => `${n}=${pick(random, hostileSegments)}`).join('&')
    path += `?${query}`
  }
  const headers: Record<string, string> = {}
  if (context.session) headers.cookie = context.session.cookie
  let body: string | undefined
  if (route.hasBody || random() < 0.1) {
    if (badBody) body = pick(random, notAnObject)
    else if (!route.hasBody || bodyKind === 1)
      body = random() < 0.5 ? pick(random, trappedObjects) : JSON.stringify(pick(random, hostileValues))
    else if (bodyKind === 2) {
      const fields = route.bodyFields.length > 0 ? route.bodyFields : ['x']
      body = JSON.stringify(Object.fromEntries(fields.map((f) => [f, pick(random, hostileValues)])))
    } else body = `{"x":"${'y'.repeat(300 * 1024)}"}`
    headers['content-type'] = pick(random, [
      'application/json',
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-7',
    ])
  }
  // A route that takes a JSON object refuses what is not one, whatever type it claims to be.
  if (badBody) mustRefuse = true
  const method = route.method
  return {
    path,
    largeBody: body !== undefined && body.length > 16 * 1024 && method !== 'GET',
    init: { method, headers, ...(method === 'GET' || method === 'HEAD' || body === undefined ? {} : { body }) },
    mustRefuse,
    describe: `${method} ${path.slice(0, 120)} (${headers['content-type'] ?? 'no body'}, ${context.session ? 'signed in' : 'anonymous'})`,
  }
}
