/**
 * The first half of `npm start`: builds the client and the server when they are missing or older
 * than their sources. The second half runs the built server with plain node (package.json).
 */
import { ensureClientBuilt, ensureServerBuilt } from './builds.js'

await ensureClientBuilt()
await ensureServerBuilt()
