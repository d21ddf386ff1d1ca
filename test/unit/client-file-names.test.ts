/**
 * One naming convention in client/: a file exporting React components is PascalCase.tsx, every
 * other module (hooks, helpers, state) kebab-case.ts, and folders kebab-case. main.tsx is Vite's
 * entry and keeps its conventional name.
 */
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/server.js'

const clientDir = join(repoRoot, 'client')
const entry = 'main.tsx'

function entries(dir: string): { path: string; name: string; folder: boolean }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    const here = { path: relative(repoRoot, path), name: entry.name, folder: entry.isDirectory() }
    return entry.isDirectory() ? [here, ...entries(path)] : [here]
  })
}

/** Why a name breaks the convention, or null when it follows it. */
function misnamed(name: string, folder: boolean): string | null {
  if (folder) return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) ? null : 'a folder is kebab-case'
  if (name.endsWith('.tsx'))
    return name === entry || /^[A-Z][A-Za-z0-9]*\.tsx$/.test(name) ? null : 'a component file is PascalCase.tsx'
  if (name.endsWith('.ts')) return /^[a-z0-9]+(-[a-z0-9]+)*\.ts$/.test(name) ? null : 'a module is kebab-case.ts'
  return null
}

describe('client file names', () => {
  const all = entries(clientDir)

  it('follow one convention: components PascalCase.tsx, other modules and folders kebab-case', () => {
    expect(all.length).toBeGreaterThan(50)
    const wrong = all.flatMap(({ path, name, folder }) => {
      const why = misnamed(name, folder)
      return why ? [`${path}: ${why}`] : []
    })
    expect(wrong).toEqual([])
  })

  it('tells a misnamed file from a well-named one', () => {
    expect(misnamed('useFormSubmit.ts', false)).toBe('a module is kebab-case.ts')
    expect(misnamed('workflowRole.ts', false)).toBe('a module is kebab-case.ts')
    expect(misnamed('threadCard.tsx', false)).toBe('a component file is PascalCase.tsx')
    expect(misnamed('editorExtensions', true)).toBe('a folder is kebab-case')
    expect(misnamed('use-form-submit.ts', false)).toBeNull()
    expect(misnamed('ThreadCard.tsx', false)).toBeNull()
    expect(misnamed('main.tsx', false)).toBeNull()
  })
})
