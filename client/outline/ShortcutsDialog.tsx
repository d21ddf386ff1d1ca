/** 快捷键's dialog (ShortcutsHelp.tsx), loaded when first opened: the editor's keyboard shortcuts. */
import { headingNumber, type HeadingLevel } from '../../shared/editor/heading-numbers.js'
import { t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { alt, mod } from './shortcut-keys.js'

type Row = { keys: string[]; label: string }

function sections(): { title: string; rows: Row[] }[] {
  const levels: HeadingLevel[] = [1, 2, 3, 4]
  return [
    {
      title: t('help.structure'),
      rows: [
        ...levels.map((level) => ({
          keys: [mod, alt, String(level)],
          label: t('help.heading', { level, number: headingNumber(level, 1) }),
        })),
        { keys: [mod, alt, '0'], label: t('help.paragraph') },
        { keys: [mod, 'Shift', '7'], label: t('help.orderedList') },
        { keys: [mod, 'Shift', '8'], label: t('help.bulletList') },
      ],
    },
    {
      title: t('help.format'),
      rows: [
        { keys: [mod, 'B'], label: t('help.bold') },
        { keys: [mod, 'I'], label: t('help.italic') },
        { keys: ['Shift', 'Enter'], label: t('help.hardBreak') },
      ],
    },
    {
      title: t('help.review'),
      rows: [
        { keys: [mod, alt, 'M'], label: t('help.comment') },
        { keys: [mod, 'Shift', 'E'], label: t('help.toggleSuggest') },
        { keys: [alt, 'Enter'], label: t('help.applyFix') },
      ],
    },
    {
      title: t('help.history'),
      rows: [
        { keys: [mod, 'Z'], label: t('help.undo') },
        { keys: [mod, 'Shift', 'Z'], label: t('help.redo') },
        { keys: [mod, '/'], label: t('help.help') },
      ],
    },
  ]
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog open title={t('help.title')} onCancel={onClose} testId="shortcuts-dialog">
      <div className="shortcuts">
        {sections().map((section) => (
          <section key={section.title} className="shortcuts__section">
            <h3 className="shortcuts__title">{section.title}</h3>
            <dl className="shortcuts__list">
              {section.rows.map((row) => (
                <div key={row.label} className="shortcuts__row">
                  <dt className="shortcuts__keys">
                    {row.keys.map((key, index) => (
                      <span key={index}>
                        {index > 0 && <span className="shortcuts__plus">+</span>}
                        <kbd>{key}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd className="shortcuts__label">{row.label}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="dialog__text shortcuts__note">{t('help.numbering')}</p>
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('help.close')}
        </button>
      </div>
    </Dialog>
  )
}
