/**
 * The two clients the client bench compares, built in the same run with the same Vite: Jianyi's
 * (vite.config.ts, as `npm run build` makes it) and the bare app (bare-app/), each into a temporary
 * folder, both with the same precompressed copies (.br, .gz) that our server sends.
 */
import react from '@vitejs/plugin-react'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import { precompress } from '../../vite.config.js'
import { repoRoot } from '../helpers/server.js'
import type { Cleanup } from './cleanup.js'

export interface ClientBuild {
  /** The folder to serve (CLIENT_DIR). */
  dir: string
  /** Every JavaScript file of the build: its name under assets/ and its brotli size. */
  scripts: { name: string; bytes: number; brotliBytes: number }[]
}

function describeBuild(dir: string): ClientBuild {
  const assets = join(dir, 'assets')
  const scripts = readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({
      name,
      bytes: statSync(join(assets, name)).size,
      brotliBytes: statSync(join(assets, `${name}.br`), { throwIfNoEntry: false })?.size ?? 0,
    }))
  return { dir, scripts }
}

function tempDir(cleanup: Cleanup, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `jianyi-bench-${name}-`))
  cleanup.add(`removing ${dir}`, () => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Builds Jianyi's client and the bare app; the folders are removed by `cleanup`. */
export async function buildClients(cleanup: Cleanup): Promise<{ ours: ClientBuild; bare: ClientBuild }> {
  const oursDir = tempDir(cleanup, 'ours')
  await build({
    configFile: join(repoRoot, 'vite.config.ts'),
    root: join(repoRoot, 'client'),
    logLevel: 'warn',
    build: { outDir: oursDir, emptyOutDir: true },
  })
  const bareDir = tempDir(cleanup, 'bare')
  await build({
    configFile: false,
    root: resolve(import.meta.dirname, 'bare-app'),
    logLevel: 'warn',
    plugins: [react(), precompress()],
    build: { outDir: bareDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  })
  return { ours: describeBuild(oursDir), bare: describeBuild(bareDir) }
}
