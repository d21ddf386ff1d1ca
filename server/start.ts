/** `npm start`: builds the client when needed, then runs the server. */
import { ensureClientBuilt } from './client-build.js'

await ensureClientBuilt()
await import('./index.js')
