/**
 * A refusal's sentence (`reason.*`, the names of inputs) is not among the strings the first chunk
 * carries (vite.config.ts openingMessages): ApiError.from loads the whole catalogue before it
 * resolves, so that errorMessage, read as soon as the caller catches the error, has it.
 */
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../client/api/client.js'
import { errorMessage, hasMessage } from '../../client/i18n/i18n.js'

const refusal = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('the words of a refusal', () => {
  it('come with the refusal, not with the first chunk', async () => {
    expect(hasMessage('reason.too_long')).toBe(false)
    expect(hasMessage('field.title')).toBe(false)
    const error = await ApiError.from(
      refusal(
        {
          error: {
            code: 'invalid_input',
            message: 'title: too long',
            field: 'title',
            reason: 'too_long',
            params: { field: 'title', max: 200 },
          },
        },
        400,
      ),
    )
    expect(errorMessage(error)).toBe('标题最多 200 字')
  })
})
