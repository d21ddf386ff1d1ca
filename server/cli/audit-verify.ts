/**
 * `npm run audit:verify`: checks the audit chain of every document and names the first entry that
 * was changed, removed or reordered. Exits 1 when any chain is broken. Reads only.
 */
import { readConfig } from '../config.js'
import { verifyChain } from '../domain/audit.js'
import { openStores } from '../store/open.js'

const stores = await openStores(readConfig(), console.log, { readOnly: true })
let broken = 0
try {
  for (const doc of await stores.metadata.listDocuments()) {
    const entries = await stores.metadata.listAudit(doc.id)
    const check = verifyChain(entries)
    if (check.ok) console.log(`ok      ${doc.id}  ${entries.length} entries  ${doc.title}`)
    else {
      broken++
      console.log(`BROKEN  ${doc.id}  ${doc.title}: ${check.problem}`)
    }
  }
} finally {
  await stores.close()
}
console.log(broken === 0 ? 'every audit chain holds' : `${broken} audit chain(s) broken`)
process.exitCode = broken === 0 ? 0 : 1
