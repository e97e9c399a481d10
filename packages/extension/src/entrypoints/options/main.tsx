import '../../ui/page.css'
import { render } from 'preact'
import { browserOptionsPorts } from '../../options/browser-options-ports'
import { OptionsForm } from '../../options/options-form'
import { applyPageScheme } from '../../ui/page-scheme'

applyPageScheme()
render(<OptionsForm ports={browserOptionsPorts()} />, document.getElementById('app')!)
