/**
 * Child-process entry of the load (see load.ts): receives LoadOptions over IPC, says `{ measuring }`
 * when the measured edits start, and replies with the LoadResult.
 */
import { runLoad, type LoadOptions } from './load.js'

// The bench stopped (signal, crash): nobody is left to read the result, so stop loading its servers.
process.once('disconnect', () => process.exit(1))

process.once('message', (options: LoadOptions) => {
  runLoad(options, () => process.send!({ measuring: true })).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
      process.send!({ error: message }, () => process.exit(1))
    },
  )
})
