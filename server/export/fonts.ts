/**
 * Finding the font files the PDF is set in. The standard's typefaces (方正小标宋, 仿宋, 黑体, 楷体,
 * 宋体) are proprietary, so each role lists the files to look for: the licensed fonts first, by their
 * usual file names, for an operator who drops them into JIANYI_FONT_DIR; then free stand-ins from
 * Debian packages. A role with no file is an error naming the package to install: a PDF set in a
 * font without the glyphs would print empty boxes where the text should be.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import * as fontkit from 'fontkit'
import { ExportError } from './export-error.js'
import type { FontRole } from './layout.js'

/** Every role the PDF sets text in, plus `fallback` for the rare 汉字 (names, places) a role's font lacks. */
export type PdfFontRole = FontRole | 'fallback'

interface Candidate {
  /** File name, matched case-insensitively anywhere under the search directories. */
  file: string
  /** The face to take out of a font collection (.ttc). */
  postscriptName?: string
  /** Human name for messages and docs. */
  family: string
  /** The Debian package that installs the file; absent for proprietary fonts. */
  debianPackage?: string
}

const notoSerif: Candidate = {
  file: 'NotoSerifCJK-Regular.ttc',
  postscriptName: 'NotoSerifCJKsc-Regular',
  family: 'Noto Serif CJK SC',
  debianPackage: 'fonts-noto-cjk',
}

/** For each role, the files tried in order. */
const fontCandidates: Record<PdfFontRole, { purpose: string; candidates: Candidate[] }> = {
  title: {
    purpose: '小标宋 (title)',
    candidates: [
      { file: 'FZXBSJW.TTF', family: '方正小标宋简体' },
      { file: 'FZXBSJW--GB1-0.ttf', family: '方正小标宋简体' },
      {
        file: 'NotoSerifCJK-Bold.ttc',
        postscriptName: 'NotoSerifCJKsc-Bold',
        family: 'Noto Serif CJK SC Bold',
        debianPackage: 'fonts-noto-cjk',
      },
      { file: 'FandolSong-Bold.otf', family: 'FandolSong Bold', debianPackage: 'texlive-lang-chinese' },
    ],
  },
  body: {
    purpose: '仿宋 (body text, 3rd and 4th level headings, signature, date)',
    candidates: [
      { file: 'simfang.ttf', family: '仿宋 (FangSong)' },
      { file: 'FandolFang-Regular.otf', family: 'FandolFang', debianPackage: 'texlive-lang-chinese' },
    ],
  },
  heading1: {
    purpose: '黑体 (first-level headings, draft mark)',
    candidates: [
      { file: 'simhei.ttf', family: '黑体 (SimHei)' },
      {
        file: 'NotoSansCJK-Regular.ttc',
        postscriptName: 'NotoSansCJKsc-Regular',
        family: 'Noto Sans CJK SC',
        debianPackage: 'fonts-noto-cjk',
      },
      { file: 'FandolHei-Regular.otf', family: 'FandolHei', debianPackage: 'texlive-lang-chinese' },
    ],
  },
  heading2: {
    purpose: '楷体 (second-level headings)',
    candidates: kaiCandidates(),
  },
  kai: {
    purpose: '楷体 (题注)',
    candidates: kaiCandidates(),
  },
  pageNumber: {
    purpose: '宋体 (page numbers)',
    candidates: [
      { file: 'simsun.ttc', postscriptName: 'SimSun', family: '宋体 (SimSun)' },
      notoSerif,
      { file: 'FandolSong-Regular.otf', family: 'FandolSong', debianPackage: 'texlive-lang-chinese' },
    ],
  },
  fallback: {
    purpose: 'characters missing from the other fonts',
    candidates: [notoSerif],
  },
}

function kaiCandidates(): Candidate[] {
  return [
    { file: 'simkai.ttf', family: '楷体 (KaiTi)' },
    { file: 'FandolKai-Regular.otf', family: 'FandolKai', debianPackage: 'texlive-lang-chinese' },
    { file: 'gkai00mp.ttf', family: 'AR PL KaitiM GB', debianPackage: 'fonts-arphic-gkai00mp' },
    { file: 'ukai.ttc', postscriptName: 'UKaiCN', family: 'AR PL UKai CN', debianPackage: 'fonts-arphic-ukai' },
  ]
}

/** A font file found for a role, loaded. */
export interface FontFace {
  role: PdfFontRole
  family: string
  path: string
  postscriptName?: string
  /** The parsed face: glyph coverage and metrics, and what the PDF writer subsets and embeds. */
  font: fontkit.Font
}

export type FontSet = Record<PdfFontRole, FontFace>

/**
 * Where fonts are looked for: JIANYI_FONT_DIR (colon-separated) first, then the Debian locations,
 * including TeX Live's, which is where Debian installs the Fandol fonts.
 */
export function fontSearchDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const override = (env.JIANYI_FONT_DIR ?? '').split(':').filter(Boolean)
  return [
    ...override,
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    join(homedir(), '.local/share/fonts'),
    '/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol',
    '/usr/share/texmf/fonts/opentype/public/fandol',
  ]
}

/** Finds and loads a font for every role; throws ExportError `export_font_missing` naming the package to install. */
export function findFonts(dirs: string[] = fontSearchDirs()): FontSet {
  const files = indexFiles(dirs)
  const set = {} as FontSet
  for (const role of Object.keys(fontCandidates) as PdfFontRole[]) {
    const { purpose, candidates } = fontCandidates[role]
    const found = candidates
      .map((candidate) => ({ candidate, path: files.get(candidate.file.toLowerCase()) }))
      .find((c) => c.path)
    if (!found?.path) throw missingFont(purpose, candidates, dirs)
    set[role] = loadFace(role, found.candidate, found.path)
  }
  return set
}

/**
 * The Debian packages that would give a file to every role that has none today (empty when every
 * role has a file): what `npm test` installs before it runs.
 */
export function missingFontPackages(dirs: string[] = fontSearchDirs()): string[] {
  const files = indexFiles(dirs)
  const packages = new Set<string>()
  for (const { candidates } of Object.values(fontCandidates)) {
    if (candidates.some((candidate) => files.has(candidate.file.toLowerCase()))) continue
    const debianPackage = candidates.find((candidate) => candidate.debianPackage)?.debianPackage
    if (debianPackage) packages.add(debianPackage)
  }
  return [...packages]
}

function missingFont(purpose: string, candidates: Candidate[], dirs: string[]): ExportError {
  const packages = [...new Set(candidates.flatMap((c) => (c.debianPackage ? [c.debianPackage] : [])))]
  return new ExportError(
    'export_font_missing',
    `No font for ${purpose} is installed: looked for ${candidates.map((c) => c.file).join(', ')} in ${dirs.join(', ')}. ` +
      `Install the Debian package ${packages[0]} (apt-get install --no-install-recommends ${packages[0]})` +
      (packages.length > 1 ? ` or one of ${packages.slice(1).join(', ')}` : '') +
      `, or put one of these files into JIANYI_FONT_DIR.`,
  )
}

/** Parsed faces by path and face name: a CJK font is tens of megabytes, read once per process. */
const loaded = new Map<string, { font: fontkit.Font }>()

function loadFace(role: PdfFontRole, candidate: Candidate, path: string): FontFace {
  const key = `${path}#${candidate.postscriptName ?? ''}`
  let entry = loaded.get(key)
  if (!entry) {
    const data = readFileSync(path)
    const parsed = fontkit.create(data, candidate.postscriptName)
    // A collection without the named face: treat as missing rather than set text in the wrong face.
    if (!parsed || !('hasGlyphForCodePoint' in parsed)) {
      throw new ExportError(
        'export_font_missing',
        `${path} has no face ${candidate.postscriptName ?? ''}; reinstall ${candidate.debianPackage ?? 'the font'}`,
      )
    }
    entry = { font: parsed }
    loaded.set(key, entry)
  }
  return { role, family: candidate.family, path, postscriptName: candidate.postscriptName, ...entry }
}

/** File name (lower case) → first path found, walking each directory a few levels deep. */
function indexFiles(dirs: string[]): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (dir: string, depth: number) => {
    let entries: string[]
    try {
      entries = readdirSync(dir)
    } catch {
      return
    }
    for (const name of entries.sort()) {
      const path = join(dir, name)
      let isDir: boolean
      try {
        isDir = statSync(path).isDirectory()
      } catch {
        continue
      }
      if (isDir) {
        if (depth < 5) walk(path, depth + 1)
      } else if (/\.(ttf|ttc|otf)$/i.test(name) && !files.has(name.toLowerCase())) {
        files.set(name.toLowerCase(), path)
      }
    }
  }
  for (const dir of dirs) if (existsSync(dir)) walk(dir, 0)
  return files
}
