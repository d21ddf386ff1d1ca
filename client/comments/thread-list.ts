/**
 * GET /api/documents/:id/threads, asked once for everyone who needs it while the draft opens: the
 * comments store wants the threads, the workflow bar the participants' names, and both asked the
 * server at the same moment (a 200-thread list answered twice, on the path to the highlights). The
 * page also asks it before it knows who is signed in (main.tsx), beside /api/auth/me and the
 * draft's socket, rather than after the account, the shell and the editor have rendered; an answer
 * that has arrived by the time the editor is made is read synchronously (answeredThreadList), so
 * that the threads' words are painted with the text, in one layout of the page instead of two.
 */
import { api, call } from '../api/client.js'

export type ThreadList = Awaited<ReturnType<typeof fetchFresh>>

const fetchFresh = (docId: string) => call(api.api.documents[':id'].threads.$get({ param: { id: docId } }))

/** Documents whose list the page itself has asked for. */
const pageAsked = new Set<string>()

/** Requests not yet answered, per document: a second caller shares the first one's answer. */
const inFlight = new Map<string, Promise<ThreadList>>()

/**
 * The list asked at start-up, kept until the page takes it (answered or not), for a short while:
 * a list asked before the reader signed in, or long ago, is not the one to show.
 */
let early: { docId: string; list: Promise<ThreadList>; at: number; answer?: ThreadList } | null = null
const EARLY_KEEP_MS = 10_000

/** Asks for the list of the draft the page opens on, before the page knows it may show it. */
export function askThreadListEarly(docId: string): void {
  // The page asked already (its socket came late): the early answer would be a second request.
  if (inFlight.has(docId) || pageAsked.has(docId)) return
  const list = fetchFresh(docId)
  const asked = { docId, list, at: performance.now() } as NonNullable<typeof early>
  // Kept for answeredThreadList; a refusal (signed out) is not an unhandled rejection.
  list.then(
    (answer) => {
      asked.answer = answer
    },
    () => undefined,
  )
  early = asked
}

/**
 * The early answer for `docId` if it has arrived and is recent, else null. It stays for
 * fetchThreadList (the workflow bar's names), so that the page still asks the server once.
 */
export function answeredThreadList(docId: string): ThreadList | null {
  if (early?.docId !== docId || !early.answer || performance.now() - early.at >= EARLY_KEEP_MS) return null
  return early.answer
}

/**
 * The threads and participants of `docId`: a request in flight, else the early answer, else a new
 * request. Either is shared until it settles, which is after every effect of the render that asked
 * (the workflow bar's and the comments store's are in one).
 */
export function fetchThreadList(docId: string): Promise<ThreadList> {
  pageAsked.add(docId)
  const pending = inFlight.get(docId)
  if (pending) return pending
  let asked: Promise<ThreadList> | null = null
  if (early?.docId === docId) {
    const { list, at } = early
    early = null
    // A refused early request (the session ended meanwhile, or it was asked signed out) is asked again.
    if (performance.now() - at < EARLY_KEEP_MS) asked = list.catch(() => fetchFresh(docId))
  }
  const shared = asked ?? fetchFresh(docId)
  const forget = () => {
    if (inFlight.get(docId) === shared) inFlight.delete(docId)
  }
  shared.then(forget, forget)
  inFlight.set(docId, shared)
  return shared
}
