/**
 * The audit key: 32 random bytes that sign the head and length of every audit chain. It lives
 * outside the data directory (AUDIT_KEY_FILE), so that someone who can edit the stored data
 * cannot also re-sign a chain they shortened. Created on first start, readable by the owner only.
 */
import { randomBytes } from 'node:crypto'
import { link, mkdir, open, readFile, rm } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Reads the key, creating it first (0600) when `create` is set and the file does not exist. */
export async function loadAuditKey(path: string, { create }: { create: boolean }): Promise<Buffer> {
  try {
    return parse(await readFile(path, 'utf8'), path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !create) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error(`no audit key at ${path} (AUDIT_KEY_FILE); the server creates it on its first start`, {
          cause: error,
        })
      throw error
    }
  }
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  const file = await open(tmp, 'wx', 0o600)
  try {
    await file.writeFile(`${randomBytes(32).toString('hex')}\n`)
    await file.sync()
  } finally {
    await file.close()
  }
  try {
    // link(2) refuses to replace: of two servers starting together, one key wins and both read it.
    await link(tmp, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    await rm(tmp, { force: true })
  }
  return parse(await readFile(path, 'utf8'), path)
}

function parse(text: string, path: string): Buffer {
  const hex = text.trim()
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} is not an audit key (64 hex digits)`)
  return Buffer.from(hex, 'hex')
}
