/** createApp: mounts every route on one Hono app with one error handler; exports the API's type. */
import { createNodeWebSocket } from '@hono/node-ws'
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { serveStatic } from '@hono/node-server/serve-static'
import { existsSync } from 'node:fs'
import { relative, join } from 'node:path'
import { collabEndpoint } from './collab/upgrade.js'
import type { Rooms } from './collab/rooms.js'
import type { DocumentDeps } from './domain/documents.js'
import { AppError } from './errors.js'
import { originCheck } from './http/origin.js'
import { validationHook } from './http/validation.js'
import { documentRoutes } from './routes/documents.js'
import { healthRoutes } from './routes/health.js'
import type { DocumentStore, MetadataStore } from './store/types.js'

export interface AppDeps {
  metadata: MetadataStore
  content: DocumentStore
  rooms: Rooms
  allowedOrigins: string[]
  /** The built client (index.html and assets), served when present. */
  clientDir: string | null
  log: (line: string) => void
}

/** The JSON API alone; its type is what the client's `hc` is built from. */
export function createApi(deps: AppDeps) {
  const documentDeps: DocumentDeps = deps
  return new OpenAPIHono({ defaultHook: validationHook })
    .route('/', healthRoutes())
    .route('/', documentRoutes(documentDeps))
}

/** The API under /api (the client's typed view of the server). */
export type AppType = ReturnType<typeof mountApi>
const mountApi = (deps: AppDeps) => new OpenAPIHono().route('/api', createApi(deps))

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook })
  const nodeWs = createNodeWebSocket({ app })

  app.use('/api/*', originCheck(deps.allowedOrigins))
  app.route('/api', createApi(deps))
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Jianyi API', version: '1', description: 'Collaborative drafting of 建议案' },
  })
  app.get('/collab/:docId', collabEndpoint(nodeWs.upgradeWebSocket, { ...deps, allowedOrigins: deps.allowedOrigins }))
  app.all('/api/*', (c) => c.json(new AppError(404, 'not_found', 'no such API route').toBody(), 404))

  if (deps.clientDir && existsSync(join(deps.clientDir, 'index.html'))) {
    const root = relative(process.cwd(), deps.clientDir)
    app.use('/*', serveStatic({ root }))
    // Client-side routes (/d/:id) all load the same page.
    app.get('*', serveStatic({ root, path: 'index.html' }))
  }

  app.onError((error, c) => {
    if (error instanceof AppError) return c.json(error.toBody(), error.status)
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's body parsers throw these, for example on malformed JSON.
      const body = new AppError(400, 'invalid_input', `body: ${error.message || 'invalid request'}`, 'body').toBody()
      return c.json(body, error.status as 400)
    }
    deps.log(`http: ${c.req.method} ${c.req.path} failed: ${(error as Error).stack ?? error}`)
    return c.json(new AppError(500, 'internal', 'internal error').toBody(), 500)
  })

  return { app, injectWebSocket: nodeWs.injectWebSocket, wss: nodeWs.wss }
}
