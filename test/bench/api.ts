/** JSON requests to our API for the bench's setup (signing in, creating documents, threads, versions). */

/** Anything that answers HTTP at `url` (http://127.0.0.1:PORT). */
export interface ApiServer {
  url: string
}

/** One JSON request to our API; throws unless the status is the expected one. */
export async function api<T>(
  server: ApiServer,
  method: string,
  path: string,
  body: unknown,
  expected: number,
  cookie?: string,
): Promise<{ body: T; cookie?: string }> {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== expected) throw new Error(`${method} /api${path} answered ${response.status}: ${text}`)
  const setCookie = /jianyi_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0]
  return { body: (text ? JSON.parse(text) : undefined) as T, cookie: setCookie }
}

/** Signs in and returns the `jianyi_session=…` cookie. */
export async function signIn(server: ApiServer, username: string, password: string): Promise<string> {
  const { cookie } = await api(server, 'POST', '/auth/login', { username, password }, 200)
  if (!cookie) throw new Error(`signing in as ${username} set no session cookie`)
  return cookie
}
