/** The entry of one heavy-work thread (heavy-work.ts): takes one task at a time and answers it. */
import { parentPort } from 'node:worker_threads'
import { ExportError, type ExportErrorCode } from '../export/export-error.js'
import { exportRedline, type RedlineRequest } from '../export/redline.js'
import { diffTexts } from './text-diff.js'

export type HeavyTask = { kind: 'redline'; request: RedlineRequest } | { kind: 'diff'; before: string; after: string }

export type HeavyReply = { ok: true; value: unknown } | { ok: false; code: ExportErrorCode | null; message: string }

const port = parentPort
if (port) {
  port.on('message', (task: HeavyTask) => {
    const work =
      task.kind === 'redline' ? exportRedline(task.request) : Promise.resolve(diffTexts(task.before, task.after))
    work.then(
      (value) => port.postMessage({ ok: true, value } satisfies HeavyReply),
      (error: Error) =>
        port.postMessage({
          ok: false,
          code: error instanceof ExportError ? error.code : null,
          message: error.message,
        } satisfies HeavyReply),
    )
  })
}
