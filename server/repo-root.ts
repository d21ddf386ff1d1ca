/**
 * The repository's root folder, found from this file's place: the server runs from server/ under
 * tsx (tests, `npm run dev`) and from dist/server/server/ when built (`npm start`), so a fixed
 * number of `..` would be right in one of the two only.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`)
  }
}

export const repoRoot = findRoot(import.meta.dirname)
