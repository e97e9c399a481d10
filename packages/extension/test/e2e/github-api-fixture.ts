import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tarGz } from './tar-gz'

/** A stand-in for api.github.com serving modelcontextprotocol/servers, for `GITHUB_API_URL`. */
export interface GitHubApiFixture {
  url: string
  /** Paths requested so far (to tell whether the server used this fixture at all). */
  requests: string[]
  close(): Promise<void>
}

const require = createRequire(import.meta.url)

/**
 * The files analysis reads from `src/everything` of modelcontextprotocol/servers. The package
 * manifest is the installed `@modelcontextprotocol/server-everything`'s own, so the version the
 * analysis pins is the one `npx` finds locally (no download).
 */
function everythingFiles(prefix: string) {
  const manifest = readFileSync(
    require.resolve('@modelcontextprotocol/server-everything/package.json'),
    'utf8',
  )
  return [
    {
      path: `${prefix}/package.json`,
      content: JSON.stringify(
        { name: '@modelcontextprotocol/servers', private: true, workspaces: ['src/*'] },
        null,
        2,
      ),
    },
    {
      path: `${prefix}/README.md`,
      content: '# Model Context Protocol servers\n\nReference implementations.\n',
    },
    { path: `${prefix}/src/everything/package.json`, content: manifest },
    {
      path: `${prefix}/src/everything/README.md`,
      content: [
        '# Everything MCP Server',
        '',
        'This MCP server attempts to exercise all the features of the MCP protocol.',
        '',
        '## Usage with Claude Desktop',
        '',
        '```json',
        JSON.stringify(
          {
            mcpServers: {
              everything: {
                command: 'npx',
                args: ['-y', '@modelcontextprotocol/server-everything'],
              },
            },
          },
          null,
          2,
        ),
        '```',
        '',
      ].join('\n'),
    },
  ]
}

/** Starts the fixture on a free loopback port. */
export async function startGitHubApiFixture(): Promise<GitHubApiFixture> {
  const requests: string[] = []
  const archive = tarGz(everythingFiles('modelcontextprotocol-servers-5f6a1c2'))
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? ''
    requests.push(path)
    if (path === '/repos/modelcontextprotocol/servers') {
      res.setHeader('content-type', 'application/json')
      res.end(
        JSON.stringify({
          full_name: 'modelcontextprotocol/servers',
          default_branch: 'main',
          size: 40,
        }),
      )
    } else if (path === '/repos/modelcontextprotocol/servers/tarball/main') {
      res.setHeader('content-type', 'application/x-gzip')
      res.end(archive)
    } else {
      res.statusCode = 404
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ message: 'Not Found' }))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
