/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { existsSync, readFileSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

/**
 * Writes a .br and a .gz copy beside every text file of the build, at the highest levels, so that
 * the server sends them as they are (server/http/client-files.ts) and never compresses per request.
 * Node's zlib does the work; a plugin package would add a dependency for these few lines.
 */
export function precompress(): Plugin {
  const compressible = /\.(js|mjs|css|html|svg|json|txt|map|woff)$/
  const brotli = promisify(brotliCompress)
  const gzipped = promisify(gzip)
  return {
    name: 'jianyi-precompress',
    apply: 'build',
    async writeBundle({ dir }) {
      if (!dir) return
      const files = (await readdir(dir, { recursive: true })).filter((name) => compressible.test(name))
      await Promise.all(
        files.map(async (name) => {
          const path = join(dir, name)
          const data = await readFile(path)
          if (data.length < 1024) return
          const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length }
          await writeFile(`${path}.br`, await brotli(data, { params }))
          await writeFile(`${path}.gz`, await gzipped(data, { level: 9 }))
        }),
      )
    },
  }
}

/** Source files `entry` reaches through static imports, itself included: what opening the page loads. */
function staticModules(entry: string): string[] {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const source = readFileSync(file, 'utf8')
    for (const match of source.matchAll(
      /^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'(\.{1,2}\/[^']+)'/gms,
    )) {
      if (match[1]) continue // a type-only import is no code
      const target = resolve(dirname(file), match[2])
      const found = [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx')].find((c) => existsSync(c))
      if (found) visit(found)
    }
  }
  visit(entry)
  return [...seen]
}

/**
 * `virtual:opening-messages`: the Simplified Chinese strings that the first chunk's modules can
 * show, taken from client/i18n/zh-cn.ts when the client is built. A key counts when a module that
 * main.tsx reaches by static imports names it, literally ('editor.back') or as the start of a key
 * built at run time (`status.${state}`: every key under it). The whole catalogue is a chunk of its
 * own, loaded with the first part of the page that is loaded on demand (i18n.ts loadPageMessages):
 * about half of the strings are those of other pages, dialogs and panels.
 */
export function openingMessages(clientDir = join(import.meta.dirname, 'client')): Plugin {
  const id = 'virtual:opening-messages'
  const catalogueFile = join(clientDir, 'i18n/zh-cn.ts')
  return {
    name: 'jianyi-opening-messages',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return
      const text = readFileSync(catalogueFile, 'utf8')
      const literal = /export const zhCN = (\{[\s\S]*?\n\}) as const/.exec(text)
      if (!literal) throw new Error(`${catalogueFile}: no "export const zhCN = { … } as const"`)
      // The catalogue is plain string literals: read as the object it writes.
      const catalogue = new Function(`return ${literal[1]}`)() as Record<string, string>
      const keys = Object.keys(catalogue)
      const named = new Set<string>()
      const modules = staticModules(join(clientDir, 'main.tsx')).filter((file) => !/\/i18n\/(zh-cn|en)\.ts$/.test(file))
      const refusals = join(clientDir, 'i18n/i18n.ts')
      for (const file of modules) {
        this.addWatchFile(file)
        const source = readFileSync(file, 'utf8')
        for (const [, key] of source.matchAll(/['"`]([a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+)['"`]/g))
          if (key in catalogue) named.add(key)
        // i18n.ts builds keys only for a refusal's sentence (errorMessage: `reason.${reason}`, the
        // names of inputs and steps it may name), and ApiError.from loads the whole catalogue before
        // a refusal reaches anyone (api/client.ts): those are no opening strings (about 2.5 KB brotli).
        if (file === refusals) continue
        for (const [, prefix] of source.matchAll(/`([a-zA-Z]+\.(?:[a-zA-Z0-9_]+\.)*)\$\{/g))
          for (const key of keys) if (key.startsWith(prefix)) named.add(key)
      }
      const opening = Object.fromEntries(keys.filter((key) => named.has(key)).map((key) => [key, catalogue[key]]))
      return `export const zhCNOpening = ${JSON.stringify(opening)}`
    },
  }
}

const serverPort = Number(process.env.PORT ?? 8787)

/** The client is built into dist/client and served by the Jianyi server on the same port. */
export default defineConfig({
  root: 'client',
  plugins: [react(), precompress(), openingMessages()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: process.env.JIANYI_SOURCEMAP === '1',
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/collab': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for a condition, never a fixed time: vitest's 1 s default lost a fresh-clone
    // CI run (a member's timeline took longer to appear on a loaded machine). Conditions get 15 s.
    expect: { poll: { timeout: 15_000 } },
  },
})
