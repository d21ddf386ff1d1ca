import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { openDocx, W, wChildren } from '../../server/import/docx-archive.js'
import { ImportError } from '../../server/import/import-error.js'

const contentTypes =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
const body = (inner: string) => `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body>${inner}</w:body></w:document>`

const docx = (parts: Record<string, string | Uint8Array>, level: 0 | 9 = 9) =>
  zipSync(
    Object.fromEntries(
      Object.entries(parts).map(([name, value]) => [
        name,
        [typeof value === 'string' ? strToU8(value) : value, { level }],
      ]),
    ),
  )

const failure = (run: () => unknown): ImportError => {
  try {
    run()
  } catch (error) {
    if (error instanceof ImportError) return error
    throw error
  }
  throw new Error('expected an ImportError')
}

describe('openDocx', () => {
  it('reads the parts of a .docx and parses its XML with namespaces', () => {
    const archive = openDocx(
      docx({
        '[Content_Types].xml': contentTypes,
        'word/document.xml': body('<w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>'),
      }),
    )
    expect(archive.names).toContain('word/document.xml')
    const root = archive.xml('word/document.xml')!.documentElement!
    const paragraphs = wChildren(wChildren(root, 'body')[0], 'p')
    expect(paragraphs).toHaveLength(1)
    expect(paragraphs[0].textContent).toBe('一、总体要求')
    expect(archive.xml('word/comments.xml')).toBeNull()
  })

  it('refuses what is not a .docx, and a zip that is not a Word document', () => {
    expect(failure(() => openDocx(strToU8('%PDF-1.7 not a word file'))).code).toBe('import_not_docx')
    expect(failure(() => openDocx(docx({ 'a.txt': 'hello' }))).code).toBe('import_not_docx')
  })

  it('tells a password-protected file (an OLE compound file) from a damaged one', () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
    expect(failure(() => openDocx(ole)).code).toBe('import_encrypted')
    const good = docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': body('') })
    expect(failure(() => openDocx(good.subarray(0, Math.floor(good.length / 2)))).code).toMatch(
      /import_corrupt|import_not_docx/,
    )
  })

  it('stops a zip bomb at the budget of unpacked bytes, whatever the zip declares', () => {
    const zeros = new Uint8Array(8 * 1024 * 1024)
    const bomb = docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': body(''), 'word/media/a.bin': zeros })
    expect(bomb.length).toBeLessThan(64 * 1024)
    const error = failure(() => openDocx(bomb, { maxEntries: 100, maxTotalBytes: 1024 * 1024 }))
    expect(error.code).toBe('import_too_large')
  })

  it('refuses more parts than the budget', () => {
    const parts: Record<string, string> = { '[Content_Types].xml': contentTypes, 'word/document.xml': body('') }
    for (let i = 0; i < 50; i++) parts[`word/part${i}.xml`] = '<a/>'
    expect(failure(() => openDocx(docx(parts), { maxEntries: 20, maxTotalBytes: 1 << 20 })).code).toBe(
      'import_too_large',
    )
  })

  it('refuses a DOCTYPE: no entity is declared, expanded or fetched (XXE, billion laughs)', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>' +
      `<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>&x;&b;</w:t></w:r></w:p></w:body></w:document>`
    const archive = openDocx(docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': xxe }))
    const error = failure(() => archive.xml('word/document.xml'))
    expect(error.code).toBe('import_corrupt')
    expect(error.message).not.toContain('root:')
  })

  it('reports XML that is not well-formed as a damaged file', () => {
    const archive = openDocx(docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': '<w:document><w:body>' }))
    expect(failure(() => archive.xml('word/document.xml')).code).toBe('import_corrupt')
  })
})
