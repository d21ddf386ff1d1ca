/** The /register page: the submission register (报送登记) of secretaries and chairs. */

export const registerPath = '/register'

export const isRegisterPath = (pathname: string): boolean => pathname.replace(/\/$/, '') === registerPath
