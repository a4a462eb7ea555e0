// The wire under every connector call: one axios instance per hub process whose sockets obey the
// egress policy (egress.ts), with caps a remote cannot talk its way past (issue 12.2, 12.15):
//   - connect timeout (the agents), first-byte timeout (axios `timeout`: wall clock until the
//     headers, then idle time between chunks), total time (an abort signal for the whole answer);
//   - answer size: buffered answers at `maxResponseBytes` (20 MiB by default), streamed documents
//     (bulk JSONL, reports) at `maxStreamBytes`, counted after decompression;
//   - no redirects followed, no proxy taken from the environment.
import axios, { CanceledError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios'
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
    try {
      const res = await instance.request<T>({
        ...config,
        signal,
        timeout: config.timeout ?? o.firstByteTimeoutMs,
        maxContentLength: s.stream ? o.maxStreamBytes : o.maxResponseBytes,
        maxBodyLength: Math.max(o.maxResponseBytes, o.maxStreamBytes),
        ...(s.stream ? { responseType: 'stream' as const } : {}),
      })
      return res
    } catch (err) {
      if (caller?.aborted) throw abortError(caller)
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
