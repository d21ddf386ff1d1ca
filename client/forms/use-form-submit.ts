/** useSubmit for a form whose refusals go beside the field the server names (see form-errors.ts). */
import { useSubmit } from '../ui/use-submit.js'
import { formErrors, noErrors } from './form-errors.js'

/** `fields`: the names the form shows a message beside; any other refusal is the whole form's. */
export function useFormSubmit(fields: readonly string[], options?: { keepBusy?: boolean }) {
  const { error, setError, ...rest } = useSubmit((error) => formErrors(error, fields), noErrors, options)
  return { errors: error, setErrors: setError, ...rest }
}
