/**
 * The four workflow decisions over the typed client: 送审, 审定通过, 退回修改, 重新开放.
 *
 * server/routes/versions.ts builds the paths of submit/approve/return with a `string` template
 * (`/documents/{id}/workflow/${path}`), so hc merges them and reopen into one `workflow[string]`
 * endpoint whose body is the intersection of all three bodies. Each body is typed here from its
 * own schema instead, and handed to that merged endpoint; the URL hc builds is still the right one.
 */
import type { z } from 'zod'
import type { ApproveBody, ReopenBody, ReturnBody, Submission, SubmitBody } from '../../shared/schema.js'
import { api, call } from '../api/client.js'

type Body<S extends z.ZodType> = z.input<S>

async function post(id: string, action: 'submit' | 'approve' | 'return' | 'reopen', json: object): Promise<unknown> {
  return call(api.api.documents[':id'].workflow[action].$post({ param: { id }, json: json as never }))
}

/** 送审 (conveners): the server records a submission version of `versionNumber` and returns the submission. */
export const submitVersion = (id: string, body: Body<typeof SubmitBody>) => post(id, 'submit', body) as Promise<Submission>

/** 审定通过 (the chair), with an optional opinion. */
export const approveSubmission = (id: string, body: Body<typeof ApproveBody>) => post(id, 'approve', body) as Promise<Submission>

/** 退回修改 (the chair): the opinion is required. */
export const returnSubmission = (id: string, body: Body<typeof ReturnBody>) => post(id, 'return', body) as Promise<Submission>

/** 重新开放 (the chair): a new drafting round after approval; the server logs the reason. */
export const reopenDocument = async (id: string, body: Body<typeof ReopenBody>): Promise<void> => {
  await post(id, 'reopen', body)
}
