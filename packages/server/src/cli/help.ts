/** `mcp-deploy --help`. */
export const HELP = `mcp-deploy: deploy stdio MCP servers as authenticated remote endpoints

Usage: mcp-deploy <command> [options]

Commands
  serve                          start the API server (PORT, HOST, DATA_DIR, ... see docs/server.md)
  analyze <source>               analyze a GitHub URL, npm:<pkg>[@version] or ./dir
  deploy <config.json>           deploy a config file
  deploy <github-url|npm:pkg>    analyze a repository or package and deploy what it needs
  deploy --package <npm-name>    analyze an npm package and deploy what it needs
  ls                             list deployments, newest first
  status <id>                    show a deployment: status, endpoints, tools, events, cost
  stop <id> | restart <id> | rm <id>
  rotate-keys                    re-encrypt every credential under the primary master key

Connection (all commands but serve)
  --url <url>          server URL (MCP_REMOTE_URL, default http://127.0.0.1:8787)
  --token <token>      API token (prefer MCP_REMOTE_API_TOKEN: argv is visible to other users)
  --local              no server: run the platform in this process (DATA_DIR / DATABASE_URL)

Options
  --json               machine-readable output on stdout
  --env NAME           (deploy) send credential NAME, read from the environment variable NAME,
                       or asked for (hidden) on a terminal; repeatable. Never put values in argv.
  --arg VALUE          (deploy --package) an argument for the server, in place of those the
                       analysis found (e.g. a directory for server-filesystem); repeatable;
                       --arg=VALUE for a value that starts with -
  --runtime local|fly  (deploy) where to run it
  -y, --yes            (deploy) accept the estimated cost without asking
  --detach             (deploy, restart) return once the deploy has started (needs a server)
  --refresh            (analyze) ignore the 24 h analysis cache
  serve: --port --host --data-dir --database-url --log-level --cors-origins --rate-limit

Exit codes
  0 ok  1 unexpected error  2 usage or configuration  3 not found  4 invalid transition
  5 request refused  6 cost not confirmed  7 unauthorized  8 server unreachable or failing
  9 deployment failed  130 interrupted
`
