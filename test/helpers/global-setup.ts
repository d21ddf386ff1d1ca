/** Runs once before all test files: browser tests need the built client, and parallel builds would collide. */
import { ensureClientBuilt } from '../../server/builds.js'

export default async function setup(): Promise<void> {
  await ensureClientBuilt()
}
