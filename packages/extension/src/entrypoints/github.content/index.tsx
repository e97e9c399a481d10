import './style.css'
import { defineContentScript } from 'wxt/utils/define-content-script'
import { createExtensionApi } from '../../api/extension-api'
import { openOptionsViaBackground, sendViaBackground } from '../../api/send-via-background'
import { startGithubPage } from './github-page'

export default defineContentScript({
  matches: ['https://github.com/*'],
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  main(ctx) {
    startGithubPage({
      ctx,
      api: createExtensionApi(sendViaBackground),
      openOptions: openOptionsViaBackground,
    })
  },
})
