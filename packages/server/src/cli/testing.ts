import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TOKEN } from '../../test/app-harness.js'
import type { ApiClient } from './api-client.js'
import { HttpApiClient } from './http-api-client.js'

/** An app the test harness made: only its in-process `request` is used. */
interface InProcessApp {
  request(url: string, init: RequestInit): Response | Promise<Response>
}

/**
 * Test helper: an {@link ApiClient} over an in-process app, posing as a server's (`remote`) or
 * as the embedded platform's (`local`, whose bridges end on `close`, counted in `closed`).
 */
export function appClient(app: InProcessApp, mode: 'remote' | 'local') {
  const http = new HttpApiClient({
    url: 'http://api.test',
    token: TOKEN,
    fetch: async (url, init) => app.request(url, init),
  })
  const state = { closed: 0 }
  const client: ApiClient = {
    mode,
    health: () => http.health(),
    analyze: (source, opts) => http.analyze(source, opts),
    getAnalysis: (id) => http.getAnalysis(id),
    estimateCost: (runtime) => http.estimateCost(runtime),
    createDeployment: (body) => http.createDeployment(body),
    listDeployments: () => http.listDeployments(),
    getDeployment: (id) => http.getDeployment(id),
    stop: (id) => http.stop(id),
    restart: (id) => http.restart(id),
    remove: (id) => http.remove(id),
    close: async () => {
      state.closed += 1
    },
  }
  return { client, state }
}

/** Test helper: writes `config` as JSON into a fresh temporary directory; returns the path. */
export async function configFile(config: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'cli-')), 'config.json')
  await writeFile(path, typeof config === 'string' ? config : JSON.stringify(config))
  return path
}
