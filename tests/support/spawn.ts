// Run the real `crossdock` CLI as a child process and read its JSON log lines.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { ROOT_DIR } from '../../src/config.ts'

export interface Child {
  proc: ChildProcess
  lines: string[]
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export function spawnCli(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [path.join(ROOT_DIR, 'bin', 'crossdock.js'), ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = []
  const onData = (buf: Buffer) => {
    for (const line of buf.toString('utf8').split('\n').filter(Boolean)) {
      lines.push(line)
      for (const w of [...waiters])
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve(line)
        }
    }
  }
  proc.stdout!.on('data', onData)
  proc.stderr!.on('data', onData)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  )
  return {
    proc,
    lines,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      const hit = lines.find((l) => pattern.test(l))
      if (hit) return Promise.resolve(hit)
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}; output:\n${lines.slice(-20).join('\n')}`)),
          timeoutMs,
        )
        waiters.push({
          pattern,
          resolve: (l) => {
            clearTimeout(t)
            resolve(l)
          },
        })
      })
    },
  }
}
