/**
 * Stand-ins for github.com pages, served through Playwright's routing (GitHub is out of reach
 * in tests). The repository page mirrors the markup of GitHub's repository header as of 2025
 * (`#repository-container-header` > `#repository-details-container` > `ul.pagehead-actions`
 * with Notifications, Fork and Star), and every page carries a Turbo-like in-page navigation:
 * `__turboVisit(path)` fetches the next page, swaps `<body>`, pushes the URL and fires
 * `turbo:load`, as GitHub's Turbo Drive does.
 */

const TURBO = `<script>
window.__turboVisit = async (path) => {
  const html = await (await fetch(path)).text()
  const next = new DOMParser().parseFromString(html, 'text/html')
  document.body.replaceWith(document.adoptNode(next.body))
  document.title = next.title
  history.pushState({ turbo: true }, '', path)
  document.dispatchEvent(new Event('turbo:load'))
}
</script>`

// The few Primer rules that decide whether the action list shows (GitHub hides it below 768px).
const PRIMER = `<style>
body { margin: 0; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; font-size: 14px; color: var(--fgColor-default); background: var(--bgColor-default); }
[data-color-mode=light] { --fgColor-default: #1f2328; --bgColor-default: #ffffff; --borderColor-default: #d1d9e0; --bgColor-muted: #f6f8fa; --fgColor-accent: #0969da; }
[data-color-mode=dark] { --fgColor-default: #f0f6fc; --bgColor-default: #0d1117; --borderColor-default: #3d444d; --bgColor-muted: #151b23; --fgColor-accent: #4493f8; }
a { color: var(--fgColor-accent); text-decoration: none; }
.AppHeader { height: 64px; background: var(--bgColor-muted); border-bottom: 1px solid var(--borderColor-default); display: flex; align-items: center; padding: 0 24px; }
.d-none { display: none !important; }
@media (min-width: 768px) { .d-md-inline { display: inline !important; } }
.d-flex { display: flex; } .flex-auto { flex: auto; } .flex-shrink-0 { flex-shrink: 0; }
.flex-items-center { align-items: center; } .flex-justify-end { justify-content: flex-end; }
.mb-3 { margin-bottom: 16px; } .mr-2 { margin-right: 8px; } .pt-3 { padding-top: 16px; }
.px-3 { padding-left: 16px; padding-right: 16px; } .f3 { font-size: 20px; } .min-width-0 { min-width: 0; }
.pagehead-actions { margin: 0; padding: 0; list-style: none; }
.pagehead-actions > li { float: left; margin: 0 10px 0 0; font-size: 11px; color: var(--fgColor-default); list-style-type: none; }
.pagehead-actions > li:last-child { margin-right: 0; }
.btn, .btn-sm { display: inline-flex; align-items: center; gap: 4px; padding: 3px 12px; font-size: 12px; font-weight: 500; line-height: 20px; border: 1px solid var(--borderColor-default); border-radius: 6px; background: var(--bgColor-muted); color: var(--fgColor-default); }
.Counter { display: inline-block; padding: 0 6px; font-size: 12px; border-radius: 2em; background: rgba(175,184,193,0.2); }
.Label { display: inline-block; padding: 0 7px; font-size: 12px; font-weight: 500; line-height: 18px; border: 1px solid var(--borderColor-default); border-radius: 2em; }
.UnderlineNav { display: flex; border-bottom: 1px solid var(--borderColor-default); }
.UnderlineNav-body { display: flex; gap: 8px; margin: 0; padding: 0; list-style: none; }
.UnderlineNav-item { display: inline-block; padding: 8px; color: var(--fgColor-default); }
.UnderlineNav-item.selected { border-bottom: 2px solid #fd8c73; font-weight: 600; }
.repository-content { padding: 24px; }
</style>`

function shell(title: string, colorMode: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en" data-color-mode="${colorMode}" data-light-theme="light" data-dark-theme="dark" data-a11y-animated-images="system">
<head><meta charset="utf-8"><title>${title}</title>${PRIMER}${TURBO}</head>
<body class="logged-in env-production page-responsive">
<div class="position-relative header-wrapper js-header-wrapper">
  <header class="AppHeader" role="banner"><a href="/" aria-label="Homepage">GitHub</a></header>
</div>
<div class="application-main">${body}</div>
</body></html>`
}

/** Options of {@link repositoryPage}. */
export interface RepoPageOptions {
  owner: string
  repo: string
  /** The rest of the path after `/<owner>/<repo>`, e.g. `/tree/main/src/everything`. */
  rest?: string
  colorMode?: 'light' | 'dark' | 'auto'
}

/** A repository page with GitHub's header: name, visibility label, Watch/Fork/Star, tabs. */
export function repositoryPage({
  owner,
  repo,
  rest = '',
  colorMode = 'light',
}: RepoPageOptions): string {
  const base = `/${owner}/${repo}`
  return shell(
    `${owner}/${repo}${rest ? ` at ${rest}` : ''} · GitHub`,
    colorMode,
    `<div itemscope itemtype="http://schema.org/SoftwareSourceCode">
  <main id="js-repo-pjax-container">
    <div id="repository-container-header" class="pt-3 hide-full-screen" data-turbo-replace>
      <div class="d-flex flex-nowrap flex-justify-end mb-3 px-3" style="gap: 1rem;">
        <div class="flex-auto min-width-0 width-fit">
          <div class="d-flex flex-wrap flex-items-center wb-break-word f3 text-normal">
            <span class="author flex-self-stretch" itemprop="author"><a class="url fn" rel="author" data-hovercard-type="organization" href="/${owner}">${owner}</a></span>
            <span class="mx-1 flex-self-stretch color-fg-muted">&nbsp;/&nbsp;</span>
            <strong itemprop="name" class="mr-2 flex-self-stretch"><a data-pjax="#repo-content-pjax-container" data-turbo-frame="repo-content-turbo-frame" href="${base}">${repo}</a></strong>
            <span class="Label Label--secondary v-align-middle mr-1">Public</span>
          </div>
        </div>
        <div id="repository-details-container" class="flex-shrink-0" data-turbo-replace style="max-width: 70%;">
          <ul class="pagehead-actions flex-shrink-0 d-none d-md-inline" style="padding: 2px 0;">
            <li><a href="/login?return_to=${encodeURIComponent(base)}" class="tooltipped tooltipped-s btn-sm btn" aria-label="You must be signed in to change notification settings" data-view-component="true">Notifications</a></li>
            <li><a icon="repo-forked" id="fork-button" href="/login?return_to=${encodeURIComponent(base)}" class="btn-sm btn" data-view-component="true">Fork <span id="repo-network-counter" class="Counter">9.3k</span></a></li>
            <li><div data-view-component="true" class="BtnGroup d-flex"><a href="/login?return_to=${encodeURIComponent(base)}" rel="nofollow" class="btn-sm btn BtnGroup-item" aria-label="You must be signed in to star a repository" data-view-component="true"><span data-view-component="true" class="d-inline">Star</span> <span id="repo-stars-counter-star" class="Counter js-social-count">71.2k</span></a></div></li>
          </ul>
        </div>
      </div>
      <div id="responsive-meta-container" data-turbo-replace></div>
      <nav data-pjax="#js-repo-pjax-container" aria-label="Repository" class="js-repo-nav UnderlineNav px-3">
        <ul class="UnderlineNav-body list-style-none">
          <li class="d-inline-flex"><a class="UnderlineNav-item selected" href="${base}">Code</a></li>
          <li class="d-inline-flex"><a class="UnderlineNav-item" href="${base}/issues">Issues</a></li>
          <li class="d-inline-flex"><a class="UnderlineNav-item" href="${base}/pulls">Pull requests</a></li>
        </ul>
      </nav>
    </div>
    <turbo-frame id="repo-content-turbo-frame" target="_top" data-turbo-action="advance">
      <div id="repo-content-pjax-container" class="repository-content">
        <h2>${rest ? rest.split('/').pop() : 'README.md'}</h2>
        <p>Model Context Protocol servers: reference implementations.</p>
      </div>
    </turbo-frame>
  </main>
</div>`,
  )
}

/** One of GitHub's own pages (no repository header): settings, explore… */
export function githubOwnPage(title: string): string {
  return shell(
    `${title} · GitHub`,
    'light',
    `<main><div class="px-3"><h1>${title}</h1></div></main>`,
  )
}

/** A repository page in markup the extension does not know (the floating fallback's case). */
export function unknownMarkupRepositoryPage(
  owner: string,
  repo: string,
  colorMode: 'light' | 'dark' = 'dark',
): string {
  return shell(
    `${owner}/${repo} · GitHub`,
    colorMode,
    `<main><section class="RepoHeader-module__root"><h1>${owner} / ${repo}</h1>
      <div class="RepoHeader-module__actions"><button class="btn">Watch</button><button class="btn">Star</button></div>
    </section><div class="repository-content"><p>A repository header GitHub might ship tomorrow.</p></div></main>`,
  )
}

/**
 * GitHub's 404, as it answers a repository URL that does not exist (or is private to the
 * visitor): its own title, no repository header.
 */
export function notFoundPage(): string {
  return shell(
    'Page not found · GitHub · GitHub',
    'light',
    `<main id="js-pjax-container"><div class="px-3"><img alt="404 &ldquo;This is not the web page you are looking for&rdquo;" width="1" height="1">
      <p>Find code, projects, and people on GitHub: <a href="/search">Search</a></p></div></main>`,
  )
}

/** Serves a github.com URL from the fixtures above. */
export function fixtureFor(url: URL): string {
  const [owner, repo, ...rest] = url.pathname.split('/').filter(Boolean)
  if (
    !owner ||
    !repo ||
    ['settings', 'explore', 'marketplace', 'orgs', 'notifications'].includes(owner)
  ) {
    return githubOwnPage(owner ? owner[0]!.toUpperCase() + owner.slice(1) : 'Home')
  }
  if (owner === 'acme') return unknownMarkupRepositoryPage(owner, repo)
  if (owner === 'ghost') return notFoundPage()
  return repositoryPage({ owner, repo, rest: rest.length ? `/${rest.join('/')}` : '' })
}
