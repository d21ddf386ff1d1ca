/**
 * `npm run audit:verify`: checks the audit chain of every document — deleted ones and the system
 * chain (logins, users, groups) included — against its hashes and its signed anchor, and names the
 * first entry that was changed, removed or reordered, or that entries were cut from the end.
 * Exits 1 when any chain is broken. Reads only; needs the audit key (AUDIT_KEY_FILE).
 */
import { loadAuditKey } from '../auth/audit-key.js'
import { readConfig } from '../config.js'
import { SYSTEM_AUDIT_ID, verifyDocumentAudit } from '../domain/audit.js'
import { openStores } from '../store/open.js'

const config = readConfig()
const auditKey = await loadAuditKey(config.auditKeyFile, { create: false })
const stores = await openStores(config, console.log, { readOnly: true })
let broken = 0
try {
  const titles = new Map((await stores.metadata.listDocuments()).map((d) => [d.id, d.title]))
  const ids = [...new Set([...titles.keys(), ...(await stores.metadata.listAuditedDocuments())])]
  for (const id of ids) {
    const { entries, check } = await verifyDocumentAudit({ metadata: stores.metadata, auditKey }, id)
    const label = id === SYSTEM_AUDIT_ID ? '(system: logins, users, groups)' : (titles.get(id) ?? '(deleted document)')
    if (check.ok) console.log(`ok      ${id}  ${entries.length} entries  ${label}`)
    else {
      broken++
      console.log(`BROKEN  ${id}  ${label}: ${check.problem}`)
    }
  }
} finally {
  await stores.close()
}
console.log(broken === 0 ? 'every audit chain holds' : `${broken} audit chain(s) broken`)
process.exitCode = broken === 0 ? 0 : 1
