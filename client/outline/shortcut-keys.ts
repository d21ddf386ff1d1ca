/** The names of the modifier keys on this computer, as the shortcuts' button and dialog write them. */
export const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
export const mod = mac ? '⌘' : 'Ctrl'
export const alt = mac ? '⌥' : 'Alt'
