/**
 * What `npm start` runs from: the client built by Vite into dist/client, and the server and shared
 * code compiled to JavaScript into dist/server (so the running server carries no TypeScript
 * compiler). Each is built when missing or older than its sources, beside the live folder and
 * swapped in by renames, so a server serving it meanwhile never finds it half-written or empty.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot as root } from './repo-root.js'

/** Where `vite build` puts the client (see vite.config.ts). */
export const clientOutDir = join(root, 'dist', 'client')
/** Where server/ and shared/ are compiled to, keeping their folders: dist/server/server/index.js is the entry. */
export const serverOutDir = join(root, 'dist', 'server')

/** Written last into a finished build; its time is the build's. */
const stampName = '.built'

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

function isStale(outDir: string, sources: string[]): boolean {
  const stamp = join(outDir, stampName)
  if (!existsSync(stamp)) return true
  const built = statSync(stamp).mtimeMs
  return sources.map((p) => join(root, p)).some((p) => existsSync(p) && newestMtime(p) > built)
}

async function rebuild(outDir: string, build: (into: string) => Promise<void>): Promise<void> {
  const fresh = `${outDir}.building-${process.pid}`
  const old = `${outDir}.old-${process.pid}`
  rmSync(fresh, { recursive: true, force: true })
  await build(fresh)
  writeFileSync(join(fresh, stampName), '')
  if (existsSync(outDir)) renameSync(outDir, old)
  renameSync(fresh, outDir)
  rmSync(old, { recursive: true, force: true })
}

export async function ensureClientBuilt(): Promise<void> {
  if (!isStale(clientOutDir, ['client', 'shared', 'vite.config.ts', 'package-lock.json'])) return
  console.log('Building the client (dist/client is missing or older than its sources)…')
  const { build } = await import('vite')
  await rebuild(clientOutDir, async (outDir) => {
    await build({
      configFile: join(root, 'vite.config.ts'),
      root: join(root, 'client'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    })
  })
}

/** Every TypeScript file of server/ and shared/, as paths from the repository root. */
function serverSources(): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts')) found.push(path)
    }
  }
  walk('server')
  walk('shared')
  return found
}

export async function ensureServerBuilt(): Promise<void> {
  if (!isStale(serverOutDir, ['server', 'shared', 'package-lock.json'])) return
  console.log('Building the server (dist/server is missing or older than its sources)…')
  const esbuild = await import('esbuild')
  await rebuild(serverOutDir, async (outDir) => {
    // File by file, not bundled: imports of node_modules stay imports, resolved from the repository.
    await esbuild.build({
      entryPoints: serverSources().map((p) => join(root, p)),
      outdir: outDir,
      outbase: root,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
    })
  })
}
