/** `npm run dev`: the server on PORT plus Vite with HMR, which proxies /api and /collab to it. */
import { createServer } from 'vite'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const vitePort = Number(process.env.VITE_PORT ?? 5173)
process.env.ALLOWED_ORIGINS ??= `http://127.0.0.1:${vitePort},http://localhost:${vitePort}`
await import('./index.js')
const vite = await createServer({ configFile: join(root, 'vite.config.ts'), root: join(root, 'client') })
await vite.listen()
vite.printUrls()
