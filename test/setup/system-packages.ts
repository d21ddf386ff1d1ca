/**
 * What the tests need from the operating system, checked before anything else runs in `npm test`.
 * A fresh Debian machine lacks the browser, poppler and the CJK fonts; without them dozens of
 * tests would fail one by one with unrelated-looking errors. So: when running as root with apt,
 * install what is missing; otherwise stop at once with the one command that installs it.
 * JIANYI_TEST_NO_INSTALL=1 only reports (for machines where the tests must not change packages).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { missingFontPackages } from '../../server/export/fonts.js'

interface Need {
  debianPackage: string
  why: string
  present(): boolean
}

const onPath = (command: string): boolean =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK)
      return true
    } catch {
      return false
    }
  })

const needs = (): Need[] => {
  const fonts = missingFontPackages()
  return [
    {
      debianPackage: 'chromium',
      why: '浏览器测试 / browser tests',
      present: () => existsSync('/usr/bin/chromium'),
    },
    {
      debianPackage: 'poppler-utils',
      why: '检查导出的 PDF / reading exported PDFs (pdftotext, pdffonts)',
      present: () => onPath('pdftotext') && onPath('pdffonts') && onPath('pdfinfo'),
    },
    ...['fonts-noto-cjk', 'texlive-lang-chinese'].map((debianPackage) => ({
      debianPackage,
      why: 'PDF 导出所用字体 / fonts the PDF export is set in',
      present: () => !fonts.includes(debianPackage),
    })),
  ]
}

function missing(): Need[] {
  return needs().filter((need) => !need.present())
}

function installCommand(packages: string[]): string {
  return `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`
}

const lacking = missing()
if (lacking.length > 0) {
  const packages = lacking.map((need) => need.debianPackage)
  for (const need of lacking) console.error(`缺少 / missing: ${need.debianPackage} — ${need.why}`)
  const isRoot = process.getuid?.() === 0
  const mayInstall = isRoot && onPath('apt-get') && !['1', 'true'].includes(process.env.JIANYI_TEST_NO_INSTALL ?? '')
  if (!mayInstall) {
    console.error(
      `\n测试无法开始。请先运行 / The tests cannot start. Run first:\n\n  sudo sh -c '${installCommand(packages)}'\n`,
    )
    process.exit(1)
  }
  console.error(`正在安装 / installing: ${packages.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  })
  const still = missing()
  if (install.status !== 0 || still.length > 0) {
    console.error(
      `\n安装未完成 / the install did not complete (apt-get exit ${install.status}); still missing: ` +
        `${still.map((need) => need.debianPackage).join(' ') || '—'}. Run:\n\n  ${installCommand(packages)}\n`,
    )
    process.exit(1)
  }
}
