/**
 * The first page of a PDF as a PNG, drawn by poppler's pdftoppm (Debian: poppler-utils) in a
 * process of its own: the PDF goes in on standard input, the picture comes out on standard output,
 * no file is written. The process is killed when it runs past `timeoutMs` or writes more than a
 * picture's worth. Called from a heavy-work thread (heavy-worker.ts), so it counts against that
 * pool's threads and time budget.
 */
import { spawn } from 'node:child_process'

/** The longer side of the picture, in pixels: enough for a preview beside the list. */
const LONGER_SIDE = 800
/** A PNG of 800 × 800 pixels is far below this. */
const MAX_OUTPUT = 16 * 1024 * 1024

export function pdfFirstPage(bytes: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'pdftoppm',
      ['-f', '1', '-l', '1', '-singlefile', '-png', '-scale-to', String(LONGER_SIDE), '-'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    )
    const chunks: Buffer[] = []
    let size = 0
    let stderr = ''
    let failure: Error | null = null
    const stop = (error: Error) => {
      failure ??= error
      child.kill('SIGKILL')
    }
    const timer = setTimeout(() => stop(new Error(`pdftoppm took longer than ${timeoutMs} ms`)), timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_OUTPUT) stop(new Error('pdftoppm wrote more than a picture'))
      else chunks.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8')
    })
    // A PDF pdftoppm stops reading early (it failed): the rest of the pipe is not ours to mind.
    child.stdin.on('error', () => {})
    child.on('error', (error: NodeJS.ErrnoException) =>
      stop(error.code === 'ENOENT' ? new Error('pdftoppm is not installed (Debian package poppler-utils)') : error),
    )
    child.on('close', (code) => {
      clearTimeout(timer)
      if (failure) reject(failure)
      else if (code !== 0 || size === 0) reject(new Error(`pdftoppm failed (${code}): ${stderr.trim().slice(0, 300)}`))
      else resolve(new Uint8Array(Buffer.concat(chunks)))
    })
    child.stdin.end(bytes)
  })
}
