/**
 * Proofreading does work in proportion to the paragraph: every character test and every look at a
 * finding is counted, and a paragraph four times longer costs about four times as many steps.
 * Counting steps rather than timing keeps the test exact on a busy machine (the timing is in the report
 * of issue 12: 32,000 nested brackets took 14 s before).
 */
import { describe, expect, it, vi } from 'vitest'

const steps = vi.hoisted(() => ({ count: 0 }))

vi.mock('../../shared/editor/proofreading/chars.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../shared/editor/proofreading/chars.js')>()
  const counted =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R => {
      steps.count++
      return f(...args)
    }
  return {
    ...original,
    isChinese: counted(original.isChinese),
    isHan: counted(original.isHan),
    charAt: counted(original.charAt),
    charBefore: counted(original.charBefore),
    skipSpaces: counted(original.skipSpaces),
  }
})

// Each finding of the half-width rule counts every time its range is read, as when it is compared
// with the findings kept before it.
vi.mock('../../shared/editor/proofreading/half-width-punctuation.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../shared/editor/proofreading/half-width-punctuation.js')>()
  return {
    halfWidthPunctuation: (text: string) =>
      original.halfWidthPunctuation(text).map(
        (issue) =>
          new Proxy(issue, {
            get(target, key, receiver) {
              if (key === 'from' || key === 'to') steps.count++
              return Reflect.get(target, key, receiver) as unknown
            },
          }),
      ),
  }
})

const { MAX_PROOFREAD_CHARS, proofread } = await import('../../shared/editor/proofreading/index.js')

function stepsFor(text: string): number {
  steps.count = 0
  proofread(text)
  return steps.count
}

describe('proofreading a long paragraph', () => {
  const paragraphs: [string, (n: number) => string][] = [
    ['nested half-width brackets around Latin text', (n) => '('.repeat(n) + 'a' + ')'.repeat(n)],
    ['nested half-width brackets around Chinese text', (n) => '('.repeat(n) + '汉' + ')'.repeat(n)],
    ['nested mixed brackets', (n) => '（'.repeat(n) + '汉' + ')'.repeat(n)],
    ['thousands of half-width commas, each its own finding', (n) => '汉,'.repeat(n)],
    ['document numbers among mixed brackets', (n) => '〔2021〕（)[2021]3号'.repeat(n / 8)],
  ]
  for (const [name, paragraph] of paragraphs) {
    it(`takes steps in proportion to its length: ${name}`, () => {
      const small = stepsFor(paragraph(2000))
      const large = stepsFor(paragraph(8000))
      expect(small).toBeGreaterThan(0)
      // Four times the text: four times the steps, with room for constant terms, far from the 16 of a square.
      expect(large / small).toBeLessThan(5)
    })
  }

  it(`is skipped above ${MAX_PROOFREAD_CHARS} characters, and checked up to them`, () => {
    expect(proofread('汉,'.repeat(MAX_PROOFREAD_CHARS / 2)).length).toBe(MAX_PROOFREAD_CHARS / 2)
    expect(stepsFor('汉,'.repeat(MAX_PROOFREAD_CHARS / 2 + 1))).toBe(0)
  })
})
