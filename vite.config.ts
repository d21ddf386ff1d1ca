/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
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

const serverPort = Number(process.env.PORT ?? 8787)

/** The client is built into dist/client and served by the Jianyi server on the same port. */
export default defineConfig({
  root: 'client',
  plugins: [react(), precompress()],
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
