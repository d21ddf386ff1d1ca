/**
 * `npm run user -- <command>`: manage users without the UI, with the server stopped (the data
 * directory is locked by a running server).
 *   list
 *   add <username> <display name> <role> [--password P]   (a random password is printed if none is given)
 *   passwd <username> [--password P]
 *   disable <username> | enable <username>
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { CreateUserBody, Password, Role } from '../../shared/schema.js'
import { loadAuditKey } from '../auth/audit-key.js'
import { LoginLimiter } from '../auth/login-limiter.js'
import { Rooms } from '../collab/rooms.js'
import { readConfig } from '../config.js'
import type { Deps } from '../domain/deps.js'
import { acceptsEdits } from '../domain/documents.js'
import { HeavyWork } from '../domain/heavy-work.js'
import { Health } from '../domain/health.js'
import { createUser, resetPassword, updateUser } from '../domain/users.js'
import { openStores } from '../store/open.js'

const usage = `usage: npm run user -- list
       npm run user -- add <username> <display name> <role: ${Role.options.join('|')}> [--password P]
       npm run user -- passwd <username> [--password P]
       npm run user -- disable <username>
       npm run user -- enable <username>`

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { password: { type: 'string' } }, allowPositionals: true })
  const [command, ...args] = positionals
  if (!command) throw new Error(usage)
  const config = readConfig()
  const stores = await openStores(config, console.log)
  // No server runs on this data directory (it is locked): these rooms have no sockets to close.
  const deps: Deps = {
    metadata: stores.metadata,
    content: stores.content,
    versions: stores.versions,
    materials: stores.materials,
    sockets: new Rooms({
      store: stores.content,
      fanout: null,
      health: new Health(),
      log: console.log,
      acceptsEdits: acceptsEdits(stores.metadata),
    }),
    limiter: new LoginLimiter(),
    heavy: new HeavyWork(),
    sessions: { idleMs: config.sessionIdleMs, absoluteMs: config.sessionMaxMs },
    limits: config.storedDataLimits,
    timeZone: config.timeZone,
    followUpDays: config.followUpDays,
    auditKey: await loadAuditKey(config.auditKeyFile, { create: true }),
    log: console.log,
  }
  try {
    const generated = values.password === undefined
    const password = values.password ?? randomBytes(12).toString('base64url')
    const findUser = async (username: string | undefined) => {
      const user = username ? await deps.metadata.getUserByUsername(username) : null
      if (!user) throw new Error(`no user named ${username ?? '(missing)'}\n${usage}`)
      return user
    }
    switch (command) {
      case 'list':
        for (const u of await deps.metadata.listUsers()) {
          console.log(`${u.username}\t${u.displayName}\t${u.role}\t${u.active ? 'active' : 'disabled'}`)
        }
        break
      case 'add': {
        const [username, displayName, role] = args
        const body = CreateUserBody.safeParse({ username, displayName, role, password })
        if (!body.success)
          throw new Error(`${body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}\n${usage}`)
        await createUser(deps, null, body.data)
        console.log(`created ${username}${generated ? ` with password ${password}` : ''}`)
        break
      }
      case 'passwd': {
        const user = await findUser(args[0])
        const valid = Password.safeParse(password)
        if (!valid.success) throw new Error(valid.error.issues[0].message)
        await resetPassword(deps, null, user.id, password)
        console.log(`password of ${user.username} set${generated ? ` to ${password}` : ''}; their sessions ended`)
        break
      }
      case 'disable':
      case 'enable': {
        const user = await findUser(args[0])
        await updateUser(deps, null, user.id, { active: command === 'enable' })
        console.log(`${user.username} ${command}d`)
        break
      }
      default:
        throw new Error(`unknown command ${command}\n${usage}`)
    }
  } finally {
    await stores.close()
  }
}

main().catch((error: Error) => {
  console.error(error.message)
  process.exitCode = 1
})
