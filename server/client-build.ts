/** Builds the client with Vite when its build is missing or older than its sources. */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
/** Where `vite build` puts the client (see vite.config.ts). */
export const clientOutDir = join(root, 'dist', 'client')
const sources = ['client', 'shared', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p))

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

function clientBuildIsStale(): boolean {
  const index = join(clientOutDir, 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  return sources.some((p) => existsSync(p) && newestMtime(p) > built)
}

export async function ensureClientBuilt(): Promise<void> {
  if (!clientBuildIsStale()) return
  console.log('Building the client (dist/client is missing or older than its sources)…')
  const { build } = await import('vite')
  // Built beside the live folder and swapped in by renames, so a server that is serving the
  // client meanwhile never finds it half-written or empty.
  const fresh = `${clientOutDir}.building-${process.pid}`
  const old = `${clientOutDir}.old-${process.pid}`
  await build({
    configFile: join(root, 'vite.config.ts'),
    root: join(root, 'client'),
    logLevel: 'warn',
    build: { outDir: fresh, emptyOutDir: true },
  })
  if (existsSync(clientOutDir)) renameSync(clientOutDir, old)
  renameSync(fresh, clientOutDir)
  rmSync(old, { recursive: true, force: true })
}
