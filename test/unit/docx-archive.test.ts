import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { attr, openDocx, W, wAttr, wChildren, type XmlElement } from '../../server/import/docx-archive.js'
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

/** The blocks readBody gives, in order. */
const blocksOf = (bytes: Uint8Array, parts: string[] = []) => {
  const blocks: XmlElement[] = []
  openDocx(bytes, parts).readBody((block) => blocks.push(block))
  return blocks
}

describe('openDocx', () => {
  it('reads the parts asked for as trees with namespaces, and none other', () => {
    const styles =
      `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}" xmlns:x="urn:x">` +
      `<w:style w:styleId="Heading1" x:flag="1"><w:name w:val="heading 1"/></w:style>\n</w:styles>`
    const archive = openDocx(
      docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': body(''), 'word/styles.xml': styles }),
      ['word/styles.xml', 'word/numbering.xml'],
    )
    expect(archive.names).toEqual(expect.arrayContaining(['word/document.xml', 'word/styles.xml']))
    const root = archive.xml('word/styles.xml')!
    expect([root.ns, root.name]).toEqual([W, 'styles'])
    const [style] = wChildren(root, 'style')
    expect(wAttr(style, 'styleId')).toBe('Heading1')
    expect(attr(style, 'urn:x', 'flag')).toBe('1')
    expect(wAttr(wChildren(style, 'name')[0], 'val')).toBe('heading 1')
    // Namespace declarations are not attributes.
    expect(root.attrs).toEqual([])
    expect(archive.xml('word/numbering.xml')).toBeNull()
    expect(archive.xml('word/document.xml')).toBeNull()
  })

  it('gives the body one block at a time, as each ends: text with entities and CDATA, attributes, nested elements', () => {
    const blocks = blocksOf(
      docx({
        '[Content_Types].xml': contentTypes,
        'word/document.xml': body(
          '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">一、总体&amp;要求 </w:t></w:r></w:p>' +
            '<w:tbl><w:tr><w:tc><w:p><w:r><w:t><![CDATA[<表>]]>&#x41;</w:t></w:r></w:p></w:tc></w:tr></w:tbl>' +
            '<w:sectPr/>',
        ),
      }),
    )
    expect(blocks.map((block) => block.name)).toEqual(['p', 'tbl', 'sectPr'])
    const [p, tbl] = blocks
    expect(wAttr(wChildren(wChildren(p, 'pPr')[0], 'jc')[0], 'val')).toBe('center')
    expect(wChildren(wChildren(p, 'r')[0], 't')[0].text).toBe('一、总体&要求 ')
    const cell = wChildren(wChildren(tbl, 'tr')[0], 'tc')[0]
    expect(wChildren(wChildren(wChildren(cell, 'p')[0], 'r')[0], 't')[0].text).toBe('<表>A')
  })

  it('gives each block as it ends, before the rest of the part is read', () => {
    const seen: string[] = []
    const archive = openDocx(
      docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': body('<w:p/><w:tbl/>') + '<w:p>' }),
    )
    expect(failure(() => archive.readBody((block) => seen.push(block.name))).code).toBe('import_corrupt')
    expect(seen).toEqual(['p', 'tbl'])
  })

  it('keeps a character whole when the bytes of a long part are decoded a piece at a time', () => {
    // 文 is three bytes in UTF-8 and 𠀀 four: over 16 KiB, some fall across the pieces' edges.
    const words = '文𠀀'.repeat(20_000)
    const [p] = blocksOf(
      docx({
        '[Content_Types].xml': contentTypes,
        'word/document.xml': body(`<w:p><w:r><w:t>${words}</w:t></w:r></w:p>`),
      }),
    )
    expect(wChildren(wChildren(p, 'r')[0], 't')[0].text).toBe(words)
  })

  it('reads word/document.xml last, whatever the order of the zip, with the small parts already read', () => {
    const bytes = zipSync({
      'word/document.xml': strToU8(body('<w:p/>')),
      'word/styles.xml': strToU8(`<w:styles xmlns:w="${W}"/>`),
      '[Content_Types].xml': strToU8(contentTypes),
    })
    const archive = openDocx(bytes, ['word/styles.xml'])
    expect(archive.xml('word/styles.xml')!.name).toBe('styles')
    const blocks: string[] = []
    archive.readBody((block) => blocks.push(block.name))
    expect(blocks).toEqual(['p'])
  })

  it('gives only the children of the first w:body, whatever else the root holds', () => {
    const xml =
      `<w:document xmlns:w="${W}"><w:background><w:p/></w:background>` +
      `<w:body><w:p/>text<w:tbl/></w:body><w:body><w:p/></w:body></w:document>`
    expect(
      blocksOf(docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': xml })).map((b) => b.name),
    ).toEqual(['p', 'tbl'])
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
    const limits = { maxEntries: 100, maxTotalBytes: 1024 * 1024 }
    const bomb = docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': body(''), 'word/media/a.bin': zeros })
    expect(bomb.length).toBeLessThan(64 * 1024)
    expect(failure(() => openDocx(bomb, [], limits)).code).toBe('import_too_large')
    // word/document.xml, read in a pass of its own, is counted with the rest.
    const text = `<w:p><w:r><w:t>${'文'.repeat(200_000)}</w:t></w:r></w:p>`
    const big = docx({
      '[Content_Types].xml': contentTypes,
      'word/document.xml': body(text),
      'word/media/a.bin': zeros.subarray(0, 600_000),
    })
    const archive = openDocx(big, [], limits)
    expect(failure(() => archive.readBody(() => {})).code).toBe('import_too_large')
  })

  it('refuses more parts than the budget', () => {
    const parts: Record<string, string> = { '[Content_Types].xml': contentTypes, 'word/document.xml': body('') }
    for (let i = 0; i < 50; i++) parts[`word/part${i}.xml`] = '<a/>'
    expect(failure(() => openDocx(docx(parts), [], { maxEntries: 20, maxTotalBytes: 1 << 20 })).code).toBe(
      'import_too_large',
    )
  })

  it('refuses a DOCTYPE: no entity is declared, expanded or fetched (XXE, billion laughs)', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>' +
      `<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>&x;&b;</w:t></w:r></w:p></w:body></w:document>`
    const seen: string[] = []
    const archive = openDocx(docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': xxe }))
    const error = failure(() => archive.readBody((block) => seen.push(block.name)))
    expect(error.code).toBe('import_corrupt')
    expect(error.message).toContain('DOCTYPE')
    expect(error.message).not.toContain('root:')
    expect(seen).toEqual([])
    // In a small part too, and an entity that was never declared is refused as well.
    const styles = '<!DOCTYPE s [<!ENTITY a "aaaa">]><s>&a;</s>'
    const withStyles = openDocx(
      docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': body(''), 'word/styles.xml': styles }),
      ['word/styles.xml'],
    )
    expect(failure(() => withStyles.xml('word/styles.xml')).message).toContain('DOCTYPE')
    const undeclared = body('<w:p><w:r><w:t>&a;</w:t></w:r></w:p>')
    expect(
      failure(() => blocksOf(docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': undeclared }))).code,
    ).toBe('import_corrupt')
  })

  it('reports XML that is not well-formed as a damaged file, when the part is read', () => {
    const broken = ['<w:document><w:body>', body('<w:p>'), body('<w:p></w:r>'), '', body('\u0001'), body('a]]>b')]
    for (const xml of broken) {
      const archive = openDocx(docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': xml }))
      expect(failure(() => archive.readBody(() => {})).code).toBe('import_corrupt')
    }
    // A part nobody asks for is counted, not parsed; one asked for fails when it is read.
    const archive = openDocx(
      docx({
        '[Content_Types].xml': contentTypes,
        'word/document.xml': body('<w:p/>'),
        'word/settings.xml': '<broken',
        'word/styles.xml': '<broken',
      }),
      ['word/styles.xml'],
    )
    expect(failure(() => archive.xml('word/styles.xml')).code).toBe('import_corrupt')
    expect(() => archive.readBody(() => {})).not.toThrow()
  })

  it('lets an error of the reader through as it is, not as a damaged file', () => {
    const archive = openDocx(docx({ '[Content_Types].xml': contentTypes, 'word/document.xml': body('<w:p/>') }))
    expect(() =>
      archive.readBody(() => {
        throw new RangeError('the reader’s own')
      }),
    ).toThrow(RangeError)
  })
})
