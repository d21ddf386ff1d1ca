/** Shows how the person will appear to the others and lets them pick their caret colour. */
import { useState, type FormEvent } from 'react'
import { Dialog } from '../ui/Dialog.js'
import { t } from '../i18n/i18n.js'
import { PALETTE } from '../collab/identity.js'

interface IdentityDialogProps {
  name: string
  /** The colour to start from: the remembered one, or a suggestion on a first visit. */
  color: string
  firstVisit: boolean
  onSave: (color: string) => void
  /** Absent on a first visit: there is nothing to go back to. */
  onCancel?: () => void
}

export function IdentityDialog({ name, color: initial, firstVisit, onSave, onCancel }: IdentityDialogProps) {
  const [color, setColor] = useState(initial)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSave(color)
  }

  return (
    <Dialog
      open
      title={firstVisit ? t('identity.title') : t('identity.edit')}
      onCancel={onCancel}
      testId="identity-dialog"
    >
      <form className="identity-form" onSubmit={submit}>
        <p className="dialog__text">{t('identity.intro')}</p>
        <p className="identity-preview">
          <span className="identity-preview__label" style={{ backgroundColor: color }}>
            {name}
          </span>
        </p>
        <fieldset className="field swatches">
          <legend className="field__label">{t('identity.color')}</legend>
          {PALETTE.map((swatch, index) => (
            <label
              key={swatch}
              className="swatch"
              style={{ backgroundColor: swatch }}
              title={t('identity.colorOption', { n: index + 1 })}
            >
              <input
                type="radio"
                name="color"
                value={swatch}
                checked={color === swatch}
                onChange={() => setColor(swatch)}
                aria-label={t('identity.colorOption', { n: index + 1 })}
              />
            </label>
          ))}
        </fieldset>
        <div className="dialog__actions">
          {onCancel && (
            <button type="button" className="button" onClick={onCancel}>
              {t('identity.cancel')}
            </button>
          )}
          <button type="submit" className="button button--primary">
            {firstVisit ? t('identity.start') : t('identity.save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
