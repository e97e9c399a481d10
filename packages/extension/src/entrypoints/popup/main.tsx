import '../../ui/page.css'
import { render } from 'preact'
import { browser } from 'wxt/browser'
import { createExtensionApi } from '../../api/extension-api'
import { sendViaBackground } from '../../api/send-via-background'
import { Dashboard } from '../../popup/dashboard'
import { applyPageScheme } from '../../ui/page-scheme'

applyPageScheme()
render(
  <Dashboard
    api={createExtensionApi(sendViaBackground)}
    onOpenOptions={() => void browser.runtime.openOptionsPage()}
  />,
  document.getElementById('app')!,
)
