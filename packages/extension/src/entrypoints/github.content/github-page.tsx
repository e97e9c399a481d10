import { render } from 'preact'
import type { ContentScriptContext } from 'wxt/utils/content-script-context'
import {
  createShadowRootUi,
  type ShadowRootContentScriptUi,
} from 'wxt/utils/content-script-ui/shadow-root'
import type { ExtensionApi } from '../../api/extension-api'
import { DeployPanel } from '../../panel/deploy-panel'
import { resolveColorScheme } from './color-scheme'
import { DeployButton } from './deploy-button'
import { findHeaderActions } from './find-header-actions'
import { type MountedState, type Placement, planMount } from './mount-plan'
import { isNotFoundPage } from './not-found-page'
import { parseRepoLocation, type RepoLocation } from './parse-repo-location'

/** Tag names of the shadow hosts; at most one of each is on the page. */
export const BUTTON_HOST_TAG = 'mcp-remote-deploy'
export const PANEL_HOST_TAG = 'mcp-remote-panel'

/** What {@link startGithubPage} needs. */
export interface GithubPageDeps {
  ctx: ContentScriptContext
  api: ExtensionApi
  openOptions: () => void
}

interface Mounted {
  ui: ShadowRootContentScriptUi<void>
  repo: RepoLocation
  placement: Placement
}

/**
 * Keeps exactly one Deploy to Cloud button on GitHub repository pages, through GitHub's
 * in-page navigation and header re-renders, and opens the panel for it. Everything it mounts
 * lives in shadow roots and goes away when the content script's context is invalidated.
 */
export function startGithubPage({ ctx, api, openOptions }: GithubPageDeps): void {
  let button: Mounted | null = null
  let panel: { ui: ShadowRootContentScriptUi<void>; repoKey: string } | null = null
  let running = false
  let again = false
  let scheduled = false

  const media = window.matchMedia('(prefers-color-scheme: dark)')
  const scheme = () =>
    resolveColorScheme(document.documentElement.getAttribute('data-color-mode'), media.matches)
  const applyScheme = () => {
    const s = scheme()
    for (const ui of [button?.ui, panel?.ui]) if (ui) ui.uiContainer.dataset.scheme = s
  }

  const renderButton = () => {
    if (!button) return
    const { ui, placement } = button
    render(
      <DeployButton
        floating={placement === 'floating'}
        expanded={panel !== null}
        onClick={togglePanel}
      />,
      ui.uiContainer,
    )
  }

  const closePanel = () => {
    if (!panel) return
    panel.ui.remove()
    panel = null
    renderButton()
    button?.ui.shadow.querySelector<HTMLButtonElement>('button')?.focus()
  }

  async function openPanel(repo: RepoLocation) {
    const title = repo.subdir
      ? `${repo.owner}/${repo.repo} · ${repo.subdir}`
      : `${repo.owner}/${repo.repo}`
    const ui = await createShadowRootUi<void>(ctx, {
      name: PANEL_HOST_TAG,
      position: 'inline',
      anchor: 'body',
      append: 'last',
      isolateEvents: true, // keep GitHub's keyboard shortcuts away from our inputs
      onMount: (container) => {
        container.dataset.scheme = scheme()
        render(
          <DeployPanel
            api={api}
            sourceUrl={repo.sourceUrl}
            title={title}
            onClose={closePanel}
            onOpenOptions={openOptions}
          />,
          container,
        )
      },
      onRemove: () => {
        if (ui) render(null, ui.uiContainer)
      },
    })
    ui.mount()
    panel = { ui, repoKey: repo.key }
    renderButton()
  }

  let opening = false
  function togglePanel() {
    if (panel) closePanel()
    else if (button && !opening) {
      opening = true
      void openPanel(button.repo).finally(() => {
        opening = false
      })
    }
  }

  async function mountButton(repo: RepoLocation, placement: Placement, header: HTMLElement | null) {
    const ui = await createShadowRootUi<void>(ctx, {
      name: BUTTON_HOST_TAG,
      position: 'inline',
      anchor: header ?? 'body',
      append:
        placement === 'header'
          ? (anchor, host) => {
              const li = document.createElement('li')
              li.dataset.mcpRemote = 'deploy'
              li.append(host)
              anchor.prepend(li)
            }
          : 'last',
      isolateEvents: true,
      onMount: (container) => {
        container.dataset.scheme = scheme()
      },
      onRemove: () => {
        if (!ui) return
        render(null, ui.uiContainer)
        const li = ui.shadowHost.parentElement
        if (li?.dataset.mcpRemote === 'deploy') li.remove()
      },
    })
    ui.mount()
    button = { ui, repo, placement }
    renderButton()
  }

  /** Removes hosts that are not ours to keep: leftovers of GitHub's page cache or old scripts. */
  const removeStrays = () => {
    for (const el of document.querySelectorAll(`${BUTTON_HOST_TAG}, ${PANEL_HOST_TAG}`)) {
      if (el === button?.ui.shadowHost || el === panel?.ui.shadowHost) continue
      const li = el.parentElement
      el.remove()
      if (li?.dataset.mcpRemote === 'deploy') li.remove()
    }
  }

  async function reconcileOnce() {
    const found = findHeaderActions(document)
    // A repository URL answered by GitHub's 404 page has nothing to deploy: no button there.
    const repo = found || !isNotFoundPage(document) ? parseRepoLocation(window.location) : null
    // GitHub hides the action list on narrow windows: float the button there instead.
    const header = found && found.getClientRects().length > 0 ? found : null
    if (panel && panel.repoKey !== repo?.key) closePanel()
    // GitHub swapped <body> (Turbo): carry the open panel, state and all, into the new one.
    if (panel && !panel.ui.shadowHost.isConnected) document.body.append(panel.ui.shadowHost)
    const current: MountedState | null = button
      ? {
          repoKey: button.repo.key,
          placement: button.placement,
          connected: button.ui.shadowHost.isConnected,
          inCurrentHeader: header?.contains(button.ui.shadowHost) ?? false,
        }
      : null
    const plan = planMount(current, { repoKey: repo?.key ?? null, headerFound: header !== null })
    if (plan.action === 'keep') {
      if (button && repo) button.repo = repo // same repository, maybe another folder
    } else {
      button?.ui.remove()
      button = null
      if (plan.action === 'mount' && repo) await mountButton(repo, plan.placement, header)
    }
    removeStrays()
    applyScheme()
  }

  async function reconcile() {
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        await reconcileOnce()
      } while (again && ctx.isValid)
    } finally {
      running = false
    }
  }

  const schedule = () => {
    if (scheduled || ctx.isInvalid) return
    scheduled = true
    ctx.setTimeout(() => {
      scheduled = false
      void reconcile()
    }, 50)
  }

  ctx.addEventListener(window, 'wxt:locationchange', schedule)
  for (const type of ['turbo:load', 'turbo:render', 'pjax:end']) {
    ctx.addEventListener(document, type, schedule)
  }
  ctx.addEventListener(window, 'resize', schedule)
  ctx.addEventListener(media, 'change', applyScheme)
  const observer = new MutationObserver(schedule)
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-color-mode'],
  })
  ctx.onInvalidated(() => {
    observer.disconnect()
    button?.ui.remove()
    panel?.ui.remove()
  })
  void reconcile()
}
