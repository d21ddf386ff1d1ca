/** The embedded MaterialStore's own duties beyond the contract: what a crash may leave behind is cleared at open. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FileMaterialStore } from '../../server/store/embedded/file-material-store.js'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('FileMaterialStore', () => {
  it('removes files no description names (a crash between the file and its description) when it opens', async () => {
    dir = mkdtempSync(join(tmpdir(), 'jianyi-materials-'))
    const store = await FileMaterialStore.open(dir)
    const kept = {
      id: 'keptkeptkeptkept',
      groupId: 'groupgroupgroupg',
      title: '留下的材料',
      source: '市统计局',
      date: '2026-01-05',
      type: 'png' as const,
      fileName: 'a.png',
      size: 1,
      sha256: '0'.repeat(64),
      addedBy: 'useruseruseruser',
      addedAt: '2026-01-05T00:00:00.000Z',
    }
    await store.add(kept, Uint8Array.of(1))
    writeFileSync(join(dir, 'files', 'strayfilestrayfi'), 'left by a crash')
    writeFileSync(join(dir, 'files', 'keptkeptkeptkept.tmp-1-2'), 'half written')
    writeFileSync(join(dir, 'previews', 'strayfilestrayfi.png'), 'left by a crash')

    const again = await FileMaterialStore.open(dir)
    expect(readdirSync(join(dir, 'files'))).toEqual(['keptkeptkeptkept'])
    expect(readdirSync(join(dir, 'previews'))).toEqual([])
    expect(await again.file(kept.id)).toEqual(Uint8Array.of(1))
  })

  it('stages an upload in a temporary file among the files, removed when discarded or stored, and at open when left by a crash', async () => {
    dir = mkdtempSync(join(tmpdir(), 'jianyi-materials-'))
    const store = await FileMaterialStore.open(dir)
    const refused = await store.stage()
    await refused.write(Uint8Array.of(1, 2, 3))
    expect(readdirSync(join(dir, 'files'))).toEqual([expect.stringMatching(/^\.upload-/)])
    await refused.discard()
    expect(readdirSync(join(dir, 'files'))).toEqual([])

    const taken = await store.stage()
    await taken.write(Uint8Array.of(7))
    await store.addStaged(
      {
        id: 'takentakentakent',
        groupId: 'groupgroupgroupg',
        title: '上传的材料',
        source: '市统计局',
        date: '2026-01-05',
        type: 'png',
        fileName: 'b.png',
        size: 1,
        sha256: '0'.repeat(64),
        addedBy: 'useruseruseruser',
        addedAt: '2026-01-05T00:00:00.000Z',
      },
      taken,
    )
    expect(readdirSync(join(dir, 'files'))).toEqual(['takentakentakent'])

    const crashed = await store.stage()
    await crashed.write(Uint8Array.of(9))
    await FileMaterialStore.open(dir)
    expect(readdirSync(join(dir, 'files'))).toEqual(['takentakentakent'])
  })

  it('never makes a path of an id that is not the server’s', async () => {
    dir = mkdtempSync(join(tmpdir(), 'jianyi-materials-'))
    const store = await FileMaterialStore.open(dir)
    await expect(
      store.add(
        {
          id: '../../etc/passwd',
          groupId: 'g',
          title: 't',
          source: 's',
          date: '2026-01-01',
          type: 'pdf',
          fileName: 'x',
          size: 1,
          sha256: '',
          addedBy: 'u',
          addedAt: '',
        },
        Uint8Array.of(1),
      ),
    ).rejects.toThrow(/invalid material id/)
    expect(await store.list('g')).toEqual([])
  })
})
