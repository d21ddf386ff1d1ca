/**
 * `npm run bench -- --scenario materials`: a 20 MB PDF (a scanned report's size) uploaded as a
 * 调研材料 through POST /api/groups/:id/materials on our server as `npm start` runs it, embedded
 * store (or, with `--postgres`, a fresh PostgreSQL schema): the time of each upload (request to 201: the body read, the kind recognised, the file
 * written and fsynced, its description and the audit entry written), the time of downloading it
 * back and of its first preview (pdftoppm in the heavy-work pool), and the server's resident
 * memory peak during the uploads against before them (VmHWM, reset first; see import-scenario.ts).
 */
import { performance } from 'node:perf_hooks'
import { samplePdf } from '../helpers/material-files.js'
import { freshSchema, probePostgres } from '../helpers/services.js'
import type { Cleanup } from './cleanup.js'
import { createDemoDraft, signInDemo, startDemoServer } from './demo-draft.js'
import type { BenchFlags } from './flags.js'
import { memoryMb, resetPeak } from './import-scenario.js'
import { api } from './api.js'
import { ms, percentile } from './report.js'

/** 20 MB: below the default upload limit (MAX_UPLOAD_BYTES, 20 MiB) with room for the form around it. */
const PDF_BYTES = 20_000_000

export async function materialsScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  const pdf = await samplePdf('Scanned report', PDF_BYTES - 2000)
  console.log(
    `bench materials: a PDF of ${(pdf.length / 1e6).toFixed(1)} MB (${(pdf.length / 1048576).toFixed(1)} MiB), ` +
      `${flags.requests} uploads, ${flags.postgres ? 'PostgreSQL' : 'embedded store'}`,
  )
  let env: Record<string, string> | undefined
  if (flags.postgres) {
    const unreachable = await probePostgres()
    if (unreachable) throw new Error(`PostgreSQL unreachable: ${unreachable}`)
    const schema = await freshSchema()
    cleanup.add('drop the schema', () => schema.drop())
    env = { DATABASE_URL: schema.url }
  }
  const instance = await startDemoServer({ profileDir: flags.profileDir, nice: flags.nice, env }, cleanup)
  const member = await signInDemo(instance, 'zuzhang')
  const sampleId = await createDemoDraft(instance, member, '关于基准测试的建议案')
  const { body: sample } = await api<{ groupId: string }>(
    instance.server,
    'GET',
    `/documents/${sampleId}`,
    undefined,
    200,
    member,
  )
  const base = `${instance.server.url}/api/groups/${sample.groupId}/materials`
  const upload = async (): Promise<string> => {
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(pdf)]), '扫描件.pdf')
    form.set('title', '调研报告扫描件')
    form.set('source', '市农业农村局')
    form.set('date', '2026-03-12')
    const response = await fetch(base, { method: 'POST', body: form, headers: { cookie: member } })
    const text = await response.text()
    if (response.status !== 201) throw new Error(`POST ${base} answered ${response.status}: ${text}`)
    return (JSON.parse(text) as { id: string }).id
  }
  const timed = async <T>(task: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now()
    const value = await task()
    return [value, performance.now() - start]
  }

  // One upload first: the route and the multipart parser warm up.
  await upload()
  const { pid } = instance
  const rssBefore = memoryMb(pid, 'VmRSS')
  const peakReset = resetPeak(pid)
  const times: number[] = []
  let last = ''
  for (let i = 0; i < flags.requests; i++) {
    const [id, took] = await timed(upload)
    times.push(took)
    last = id
  }
  const peak = memoryMb(pid, 'VmHWM')

  const [, downloadMs] = await timed(async () => {
    const response = await fetch(`${base}/${last}/file`, { headers: { cookie: member } })
    const bytes = await response.arrayBuffer()
    if (response.status !== 200 || bytes.byteLength !== pdf.length) throw new Error(`download: ${response.status}`)
  })
  const preview = async () => {
    const response = await fetch(`${base}/${last}/preview`, { headers: { cookie: member } })
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`preview: ${response.status}`)
  }
  const [, firstPreviewMs] = await timed(preview)
  const [, keptPreviewMs] = await timed(preview)

  times.sort((a, b) => a - b)
  console.log(
    `upload of ${(pdf.length / 1e6).toFixed(0)} MB, request to 201 (${flags.requests}):   ` +
      `${ms(percentile(times, 50))} median, ${ms(times[times.length - 1])} max`,
  )
  console.log(`download of it:                               ${ms(downloadMs)}`)
  console.log(`its preview: first (pdftoppm, a worker starts): ${ms(firstPreviewMs)}; kept: ${ms(keptPreviewMs)}`)
  console.log(
    `server resident memory: ${rssBefore.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB during the uploads` +
      (peakReset ? '' : ' (the peak could not be reset: it is the peak since the server started)') +
      ` — ${(peak - rssBefore).toFixed(0)} MB above, for a file of ${(pdf.length / 1048576).toFixed(1)} MiB`,
  )
}
