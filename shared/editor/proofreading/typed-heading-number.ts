/**
 * A heading that starts with a number typed by hand (一、 （一） 1. （1） or 1、): the editor and the
 * export number headings themselves, so a typed one would print twice ("一、一、基本情况") and go
 * wrong as soon as sections move. Checked on headings only: a paragraph may well begin "一是".
 */
import type { ProofRule } from './issue.js'

const typedNumber =
  /^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d+[.．、](?!\d)|[（(]\d+[）)])\s*/

export const typedHeadingNumber: ProofRule = (text) => {
  const match = typedNumber.exec(text)
  // A heading that is nothing but a number is still being written.
  if (!match || match[0].length === text.length) return []
  return [{ rule: 'typedHeadingNumber', from: 0, to: match[0].length, message: 'typedHeadingNumber', fix: '' }]
}
