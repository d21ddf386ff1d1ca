/** The /register page: the submission register (报送登记) of secretaries and chairs. */
import type { Me } from '../../shared/schema.js'

export const registerPath = '/register'

export const isRegisterPath = (pathname: string): boolean => pathname.replace(/\/$/, '') === registerPath

/** Mirrors canReadRegister in server/policy.ts; the server decides again. */
export const mayReadRegister = (me: Me): boolean => me.user.role === 'secretary' || me.user.role === 'chair'
