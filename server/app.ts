/** createApp: mounts every route on one Hono app with one error handler; exports the API's type. */
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Rooms } from './collab/rooms.js'
import { collabSockets } from './collab/upgrade.js'
import type { BodyLimits, SocketLimits } from './config.js'
import type { Deps } from './domain/deps.js'
import type { Health } from './domain/health.js'
import { AppError } from './errors.js'
import { clientFiles } from './http/client-files.js'
import { compressJson } from './http/compress-json.js'
import { limitBodies } from './http/body-limit.js'
import { originCheck } from './http/origin.js'
import { sessionMiddleware, type AppEnv } from './http/session.js'
import { validationHook } from './http/validation.js'
import { authRoutes } from './routes/auth.js'
import { documentRoutes } from './routes/documents.js'
import { importRoutes } from './routes/imports.js'
import { materialRoutes } from './routes/materials.js'
import { groupRoutes } from './routes/groups.js'
import { investigationRoutes } from './routes/investigation.js'
import { followUpRoutes } from './routes/follow-up.js'
import { statisticsRoutes } from './routes/statistics.js'
import { citationRoutes } from './routes/citations.js'
import { healthRoutes } from './routes/health.js'
import { suggestionRoutes } from './routes/suggestions.js'
import { threadRoutes } from './routes/threads.js'
import { versionRoutes } from './routes/versions.js'
import { opinionRoutes } from './routes/opinions.js'
import { returnedDraftRoutes } from './routes/returned-drafts.js'
import { searchRoutes } from './routes/search.js'
import { exportRoutes } from './routes/exports.js'
import { userRoutes } from './routes/users.js'

export interface AppDeps extends Deps {
  rooms: Rooms
  health: Health
  allowedOrigins: string[]
  socketLimits: SocketLimits
  bodyLimits: BodyLimits
  /** Reverse proxies in front that append to X-Forwarded-For and set X-Forwarded-Proto (0: none; the socket is the client). */
  trustedProxies: number
  /** The built client (index.html and assets), served when present. */
  clientDir: string | null
}

/** The JSON API alone; its type is what the client's `hc` is built from. */
function createApi(deps: AppDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route('/', healthRoutes(deps.health))
    .route('/', authRoutes(deps, { trustedProxies: deps.trustedProxies }))
    .route('/', userRoutes(deps))
    .route('/', groupRoutes(deps))
    .route('/', investigationRoutes(deps))
    .route('/', citationRoutes(deps))
    .route('/', importRoutes(deps))
    .route('/', documentRoutes(deps))
    .route('/', threadRoutes(deps))
    .route('/', suggestionRoutes(deps))
    .route('/', versionRoutes(deps))
    .route('/', opinionRoutes(deps))
    .route('/', exportRoutes(deps))
    .route('/', returnedDraftRoutes(deps))
    .route('/', searchRoutes(deps))
    .route('/', materialRoutes(deps, deps.bodyLimits.uploadBytes))
    .route('/', followUpRoutes(deps, deps.bodyLimits.uploadBytes))
    .route('/', statisticsRoutes(deps))
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- exists for its type only
const mountApi = (deps: AppDeps) => new OpenAPIHono<AppEnv>().route('/api', createApi(deps))
/** The API under /api (the client's typed view of the server). */
export type AppType = ReturnType<typeof mountApi>

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  // Websocket upgrades (/collab/:docId) never reach the app: an upgrade has no body to limit, and a
  // 101 answer no page to protect with headers; a socket's admission is all its own (upgrade.ts),
  // and every socket would pay for whatever runs here.
  const collab = collabSockets(deps)
  // nosniff, SAMEORIGIN framing, no referrer, HSTS behind TLS…: Hono's defaults suit us.
  app.use('*', secureHeaders())
  // First, so that no body is read (by a validator, or anything else) before its size is known to fit.
  app.use('*', limitBodies(deps.bodyLimits))
  app.use('/api/*', originCheck(deps.allowedOrigins))
  app.use('/api/*', sessionMiddleware(deps))
  app.use('/api/*', compressJson())
  app.route('/api', createApi(deps))
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Jianyi API', version: '1', description: 'Collaborative drafting of 建议案' },
  })
  app.all('/api/*', (c) => c.json(new AppError(404, 'not_found', 'no such API route').toBody(), 404))

  if (deps.clientDir && existsSync(join(deps.clientDir, 'index.html'))) {
    app.use('/*', clientFiles(deps.clientDir, { fallback: false }))
    // Client-side routes (/d/:id, /admin…) all load the same page.
    app.get('*', clientFiles(deps.clientDir, { fallback: true }))
  }

  app.onError((error, c) => {
    if (error instanceof AppError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value)
      return c.json(error.toBody(), error.status)
    }
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's body parsers throw these, for example on malformed JSON.
      const body = new AppError(400, 'invalid_input', `body: ${error.message || 'invalid request'}`, {
        field: 'body',
        reason: 'malformed_body',
      }).toBody()
      return c.json(body, error.status as 400)
    }
    deps.log(`http: ${c.req.method} ${c.req.path} failed: ${(error as Error).stack ?? error}`)
    return c.json(new AppError(500, 'internal', 'internal error').toBody(), 500)
  })

  return {
    app,
    /** Takes the HTTP server's websocket upgrades. */
    injectWebSocket: (server: Parameters<typeof collab.listen>[0]) => collab.listen(server),
    wss: collab.wss,
  }
}
