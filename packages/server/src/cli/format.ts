import type { CostEstimate, DeploymentView } from '@mcp-remote/core'
import type { AnalysisView } from '../schemas/index.js'

const usd = (n: number) => `$${n.toFixed(2)}`

/** A cost estimate in one line. */
export function formatCost(cost: CostEstimate | null): string {
  if (!cost) return 'unknown'
  if (cost.monthly_usd === 0) return `free (${cost.runtime} runtime)`
  return `about ${usd(cost.monthly_usd)}/month always on, ${usd(cost.idle_monthly_usd)}/month while stopped (${cost.runtime}; prices as of ${cost.as_of})`
}

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)))
  return cells
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** Deployments as a table, newest first. */
export function formatDeploymentTable(list: readonly DeploymentView[]): string {
  if (list.length === 0) return 'No deployments yet. Try: mcp-deploy deploy --package <npm-name>'
  const rows = list.map((d) => [
    d.id,
    d.display_name,
    d.status,
    d.runtime,
    d.cost ? (d.cost.monthly_usd === 0 ? 'free' : `${usd(d.cost.monthly_usd)}/mo`) : '-',
    d.created_at.replace('T', ' ').slice(0, 19),
  ])
  return pad([['ID', 'NAME', 'STATUS', 'RUNTIME', 'COST', 'CREATED'], ...rows])
}

function isLoopback(url: string): boolean {
  const host = URL.canParse(url) ? new URL(url).hostname : ''
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host)
}

/** How to use a deployment's endpoint from claude.ai, Claude Desktop and Claude Code. */
export function formatConnectHelp(view: DeploymentView): string {
  if (!view.endpoints) return ''
  const url = view.endpoints.streamable_http
  const name = view.package_name.replace(/^@[^/]+\//, '').replace(/[^A-Za-z0-9_-]/g, '-')
  const desktop = JSON.stringify({
    mcpServers: { [name]: { command: 'npx', args: ['mcp-remote', url] } },
  })
  // claude.ai connects from Anthropic's servers: a loopback URL is out of its reach.
  const claudeAi = isLoopback(url)
    ? 'needs a public URL, which a local deployment has not: deploy with --runtime fly'
    : `Settings > Connectors > Add custom connector, URL: ${url}`
  return [
    'Connect it (the URLs carry the deployment token: keep them private):',
    `  claude.ai       ${claudeAi}`,
    `  Claude Code     claude mcp add --transport http ${name} ${url}`,
    `  Claude Desktop  claude_desktop_config.json: ${desktop}`,
  ].join('\n')
}

/** One deployment in detail. */
export function formatDeployment(view: DeploymentView): string {
  const lines = [
    `${view.display_name} (${view.id})`,
    `  status       ${view.status}${view.status_reason ? ` (${view.status_reason})` : ''}${view.status === 'failed' && view.retry_allowed ? ', retry allowed' : ''}`,
    `  source       ${view.source}`,
    `  runtime      ${view.runtime}`,
    `  cost         ${formatCost(view.cost)}`,
    `  credentials  ${view.credential_names.length ? view.credential_names.join(', ') : '(none)'}`,
    `  tools        ${view.tools.length ? `${view.tools.length}: ${view.tools.join(', ')}` : '(none yet)'}`,
  ]
  if (view.endpoints) {
    lines.push(
      `  mcp          ${view.endpoints.streamable_http}`,
      `  sse          ${view.endpoints.sse}`,
    )
  }
  if (view.events.length > 0) {
    lines.push('  events')
    for (const e of view.events.slice(-10)) {
      const move = e.to_status ? `${e.from_status ?? 'new'} -> ${e.to_status}` : ''
      lines.push(
        `    ${e.at.replace('T', ' ').slice(0, 19)}  ${[move, e.reason].filter(Boolean).join('  ')}`,
      )
    }
  }
  return lines.join('\n')
}

/** An analysis in detail: config, variables with evidence, warnings. */
export function formatAnalysis(view: AnalysisView): string {
  const lines = [`Analysis ${view.id} of ${view.source}: ${view.status}`]
  const config = view.config
  if (config) {
    lines.push(
      `  package      ${config.package_name}${config.version ? `@${config.version}` : ''}`,
      `  name         ${config.display_name}`,
      `  command      ${[config.run_command, ...config.args].join(' ')}`,
    )
    if (config.env_vars.length === 0) lines.push('  variables    (none)')
    for (const v of config.env_vars) {
      const flags = [v.required ? 'required' : 'optional', v.secret ? 'secret' : null].filter(
        Boolean,
      )
      lines.push(`  ${v.name} (${flags.join(', ')})${v.description ? `: ${v.description}` : ''}`)
    }
  }
  for (const w of view.warnings) lines.push(`  warning: ${w}`)
  const files = [...new Set(view.evidence.map((e) => `${e.file} (${e.detector})`))]
  if (files.length > 0) lines.push(`  evidence     ${files.join(', ')}`)
  return lines.join('\n')
}
