/** The chair's 待审定 inbox page, and links into a document that open its reader. */
import { documentPath } from '../routing/route.js'

export const inboxPath = '/inbox'

export const isInboxPath = (pathname: string): boolean => pathname.replace(/\/$/, '') === inboxPath

/** The document page with version `number` open for reading (see client/versions/reader-target.ts). */
export const readVersionPath = (docId: string, number: number): string => `${documentPath(docId)}?read=${number}`

/** The document page comparing version `from` with version `to` (or the live draft). */
export const compareVersionsPath = (docId: string, from: number, to: number | 'live'): string =>
  `${documentPath(docId)}?compare=${from}..${to}`
