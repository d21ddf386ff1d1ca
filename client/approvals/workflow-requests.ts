/** The four workflow decisions over the typed client: 送审, 审定通过, 退回修改, 重新开放; and the chair's inbox. */
import type { z } from 'zod'
import type { ApproveBody, ReopenBody, ReturnBody, SubmitBody } from '../../shared/schema.js'
import { api, call } from '../api/client.js'

type Body<S extends z.ZodType> = z.input<S>
const workflow = (id: string) => ({ endpoints: api.api.documents[':id'].workflow, param: { id } })

/** 送审 (conveners): the server records a submission version of `versionNumber` and returns the submission. */
export const submitVersion = (id: string, json: Body<typeof SubmitBody>) => {
  const { endpoints, param } = workflow(id)
  return call(endpoints.submit.$post({ param, json }))
}

/** 审定通过 (the chair), with an optional opinion. */
export const approveSubmission = (id: string, json: Body<typeof ApproveBody>) => {
  const { endpoints, param } = workflow(id)
  return call(endpoints.approve.$post({ param, json }))
}

/** 退回修改 (the chair): the opinion is required. */
export const returnSubmission = (id: string, json: Body<typeof ReturnBody>) => {
  const { endpoints, param } = workflow(id)
  return call(endpoints.return.$post({ param, json }))
}

/** 重新开放 (the chair): a new drafting round after approval; the server logs the reason. */
export const reopenDocument = async (id: string, json: Body<typeof ReopenBody>): Promise<void> => {
  const { endpoints, param } = workflow(id)
  await call(endpoints.reopen.$post({ param, json }))
}

/** 待审定: the submissions awaiting the signed-in chair (the header's badge and the inbox page both poll it). */
export const loadInbox = () => call(api.api.inbox.$get())
