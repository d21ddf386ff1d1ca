/**
 * Heading numbers 一、（一）1.（1） as the export prints them: the very numbers the editor shows,
 * from the one computation in shared/editor/heading-numbers.ts.
 */
export {
  chineseNumeral,
  HeadingCounter,
  headingLevelOf,
  headingNumber,
  numberedHeadings,
  type HeadingLevel,
} from '../../shared/editor/heading-numbers.js'
