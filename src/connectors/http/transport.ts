// The wire under every connector call: one axios instance per hub process whose sockets obey the
// egress policy (egress.ts), with caps a remote cannot talk its way past (issue 12.2, 12.15):
//   - connect timeout (the agents), first-byte timeout (axios `timeout`: wall clock until the
//     headers, then idle time between chunks), total time (an abort signal for the whole answer);
//   - answer size: buffered answers at `maxResponseBytes` (20 MiB by default), streamed documents
//     (bulk JSONL, reports) at `maxStreamBytes`, counted after decompression;
//   - no redirects followed, no proxy taken from the environment.
import axios, { CanceledError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios'
import type { Readable } from 'node:stream'
import { CrossdockError } from '../../errors.ts'
import { classifyError } from './classify.ts'
import { assertUrlAllowed, egressAgents, isHostAllowListed, type EgressPolicy } from './egress.ts'

export interface TransportOptions {
  policy: EgressPolicy
  connectTimeoutMs: number
  firstByteTimeoutMs: number
  totalTimeoutMs: number
  /** total time for a streamed document */
  streamTimeoutMs: number
  maxResponseBytes: number
  maxStreamBytes: number
}

export interface SendOptions {
  stream?: boolean
  /** overrides the total time for this call */
  totalTimeoutMs?: number
}

export interface Transport {
  send<T>(config: AxiosRequestConfig, o?: SendOptions): Promise<AxiosResponse<T>>
  /** the absolute URL a config goes to */
  urlOf(config: AxiosRequestConfig): URL
  /** the operator allow-listed this host: its error bodies may be shown */
  exposesBody(url: URL): boolean
  options: TransportOptions
  axios: AxiosInstance
  close(): void
}

export function abortError(signal: AbortSignal): Error {
  const reason = signal.reason as unknown
  return reason instanceof Error
    ? reason
    : Object.assign(new Error('the operation was aborted'), { name: 'AbortError' })
}

export function createTransport(o: TransportOptions): Transport {
  const agents = egressAgents(o.policy, { connectTimeoutMs: o.connectTimeoutMs })
  const instance = axios.create({
    ...agents,
    proxy: false,
    maxRedirects: 0,
    validateStatus: () => true,
  })
  const urlOf = (config: AxiosRequestConfig) => new URL(instance.getUri(config))
  const exposesBody = (url: URL) => isHostAllowListed(url.hostname, o.policy.allow)

  async function send<T>(config: AxiosRequestConfig, s: SendOptions = {}): Promise<AxiosResponse<T>> {
    const url = urlOf(config)
    assertUrlAllowed(url, o.policy.allow)
    const totalMs = s.totalTimeoutMs ?? (s.stream ? o.streamTimeoutMs : o.totalTimeoutMs)
    const deadline = AbortSignal.timeout(totalMs)
    const caller = config.signal as AbortSignal | undefined
    const signal = caller ? AbortSignal.any([caller, deadline]) : deadline
    const expose = exposesBody(url)
    const cap = s.stream ? o.maxStreamBytes : o.maxResponseBytes
    try {
      // the body is always read here, as a stream: a declared length past the cap is refused
      // before a byte is read, and chunks are kept compact (socket reads can pin 64 KiB each)
      const res = await instance.request<Readable>({
        ...config,
        signal,
        timeout: config.timeout ?? o.firstByteTimeoutMs,
        maxContentLength: cap,
        maxBodyLength: Math.max(o.maxResponseBytes, o.maxStreamBytes),
        responseType: 'stream',
        transformResponse: [],
      })
      const declared = Number(res.headers['content-length'])
      if (Number.isFinite(declared) && declared > cap) {
        res.data.destroy()
        throw tooLarge(cap)
      }
      if (s.stream) return res as unknown as AxiosResponse<T>
      const body = await readCapped(res.data, cap)
      return { ...res, data: decode(body, config, res.headers) as T }
    } catch (err) {
      if (caller?.aborted) throw abortError(caller)
      if (err instanceof CrossdockError) throw err
      if (deadline.aborted || err instanceof CanceledError)
        throw new CrossdockError('CONNECTOR_TIMEOUT', `no complete answer from ${url.host} within ${totalMs} ms`)
      throw classifyError(err, expose)
    }
  }

  return {
    send,
    urlOf,
    exposesBody,
    options: o,
    axios: instance,
    close: () => {
      agents.httpAgent.destroy()
      agents.httpsAgent.destroy()
    },
  }
}

function tooLarge(cap: number): CrossdockError {
  return new CrossdockError('CONNECTOR_RESPONSE_TOO_LARGE', `the answer is larger than ${cap} bytes; it was cut off`, {
    details: { maxBytes: cap },
  })
}

const BLOCK = 1 << 20

/**
 * The whole body, at most `cap` bytes. Each socket read is copied at once into 1 MiB blocks and
 * dropped: a read can pin a larger allocation than its length, and a chunk kept for long outlives
 * the young generation, so keeping the chunks themselves costs a multiple of the body.
 */
async function readCapped(stream: Readable, cap: number): Promise<Buffer> {
  const blocks: Buffer[] = []
  let block = Buffer.allocUnsafe(0)
  let used = 0
  let total = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > cap) {
      stream.destroy()
      throw tooLarge(cap)
    }
    let offset = 0
    while (offset < chunk.length) {
      if (used === block.length) {
        if (block.length) blocks.push(block)
        block = Buffer.allocUnsafe(
          Math.min(BLOCK, Math.max(chunk.length - offset, cap - total + chunk.length - offset)),
        )
        used = 0
      }
      const n = chunk.copy(block, used, offset)
      used += n
      offset += n
    }
  }
  blocks.push(block.subarray(0, used))
  return blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks, total)
}

/** What axios would have made of the body: a Buffer, a string, or JSON when it parses. */
function decode(body: Buffer, config: AxiosRequestConfig, headers: AxiosResponse['headers']): unknown {
  const type = config.responseType
  let data: unknown = type === 'arraybuffer' ? body : body.toString('utf8')
  if ((type === undefined || type === 'json') && typeof data === 'string' && data.trim() !== '') {
    try {
      data = JSON.parse(data)
    } catch {}
  }
  const transforms = config.transformResponse
  for (const fn of Array.isArray(transforms) ? transforms : transforms ? [transforms] : [])
    data = fn.call(config as never, data, headers as never, undefined)
  return data
}

/** Errors raised while a streamed body is read: the size cap, the total time, a cut connection. */
export function streamError(err: unknown, caller: AbortSignal | undefined, o: TransportOptions): unknown {
  if (caller?.aborted) return abortError(caller)
  if (err instanceof CrossdockError) return err
  const e = classifyError(err)
  if (
    err instanceof CanceledError ||
    (err as { name?: string })?.name === 'AbortError' ||
    /cancel|abort/i.test(e.message)
  )
    return new CrossdockError('CONNECTOR_TIMEOUT', `the document did not arrive within ${o.streamTimeoutMs} ms`)
  return e
}
