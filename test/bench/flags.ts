/** Command-line flags of `npm run bench`. */
import { parseArgs } from 'node:util'
import type { TargetName } from './targets.js'

export interface BenchFlags {
  clients: number
  rate: number
  seconds: number
  /** Unmeasured edits before each load (JIT, sockets). */
  warmupSeconds: number
  seed: number
  /** Which servers to load, in this order. */
  targets: TargetName[]
  /** Instances of our server; only 1 is implemented (2 = behind Redis, later). */
  instances: number
  drainSeconds: number
  /** Loads per server, alternating the order (ABBA…) so a busy spell of the machine hits both alike. */
  rounds: number
  /** Directory for V8 CPU profiles of the server processes (written when they stop), or undefined. */
  profileDir?: string
  /**
   * Niceness for the servers and the load process (negative = ahead of other programs; needs root),
   * so that a machine shared with other work disturbs the comparison less. Undefined: unchanged.
   */
  nice?: number
}

export const usage = `usage: npm run bench -- [--clients 50] [--rate 200] [--seconds 20] [--warmup-seconds 2] [--seed 1]
                       [--rounds 1] [--only ours|reference] [--drain-seconds 30]
                       [--profile DIR] [--nice=-10] [--instances 1]`

function positive(name: string, value: string | undefined, fallback: number, integer = true): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}\n${usage}`)
  }
  return n
}

function nonNegative(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got ${value}\n${usage}`)
  return n
}

function niceness(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < -20 || n > 19) throw new Error(`--nice must be an integer from -20 to 19, got ${value}\n${usage}`)
  return n
}

/** Parses argv (without node and script); throws with the usage on a bad flag. */
export function parseBenchFlags(argv: string[]): BenchFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      'warmup-seconds': { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      instances: { type: 'string' },
      'drain-seconds': { type: 'string' },
      rounds: { type: 'string' },
      profile: { type: 'string' },
      nice: { type: 'string' },
    },
    strict: true,
  })
  const only = values.only
  if (only !== undefined && only !== 'ours' && only !== 'reference') {
    throw new Error(`--only must be ours or reference, got ${only}\n${usage}`)
  }
  return {
    clients: positive('clients', values.clients, 50),
    rate: positive('rate', values.rate, 200, false),
    seconds: positive('seconds', values.seconds, 20, false),
    warmupSeconds: nonNegative('warmup-seconds', values['warmup-seconds'], 2),
    seed: positive('seed', values.seed, 1),
    // Reference first: it is the baseline the ratios are taken against.
    targets: only ? [only] : ['reference', 'ours'],
    instances: positive('instances', values.instances, 1),
    drainSeconds: positive('drain-seconds', values['drain-seconds'], 30, false),
    rounds: positive('rounds', values.rounds, 1),
    profileDir: values.profile,
    nice: niceness(values.nice),
  }
}
