/** Command-line flags of `npm run bench`. */
import { parseArgs } from 'node:util'

/**
 * What to measure: `collab` (default) the y-websocket load against the reference server, or against
 * one instance with `--instances 2`; `threads` the comment sidebar's one request; `snapshot` saving a
 * version of a long document while editors type; `metadata` one comment change in an embedded
 * store holding 10,000 threads; `client` the editor page against a bare TipTap app in Chromium; `rest`
 * memory at rest and CPU with idle sockets, against the reference; `cold` opening a long-edited draft
 * nobody has open; `scale` how latency and CPU per update grow with clients and documents; `import`
 * 导入Word of a 100-page .docx (time, server CPU, memory peak); `search` 搜索 over 200 drafts of 20,000
 * characters (latency, memory the cached texts take); `search-pg` the same on PostgreSQL with its
 * trigram index, without it and without prefilter (latency, index size); `materials` uploading a 20 MB PDF as a
 * 调研材料 (time, memory peak).
 */
type Scenario =
  | 'collab'
  | 'threads'
  | 'snapshot'
  | 'hostile'
  | 'metadata'
  | 'client'
  | 'rest'
  | 'cold'
  | 'scale'
  | 'suggestions'
  | 'import'
  | 'search'
  | 'search-pg'
  | 'materials'

export interface BenchFlags {
  scenario: Scenario
  clients: number
  rate: number
  seconds: number
  /** Unmeasured edits before each load (JIT, sockets). */
  warmupSeconds: number
  seed: number
  /** Which servers to load, in this order (collab with one instance). */
  targets: ('ours' | 'reference')[]
  /** Instances of our server: 1 = against the reference; 2 = two instances against one, all on PostgreSQL + Redis. */
  instances: 1 | 2
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
  /** threads: threads to open, and comments in all (each thread's first comment included). */
  threads: number
  comments: number
  /** threads: timed requests of each kind. */
  requests: number
  /** snapshot: characters of the document, and versions saved during the load. */
  chars: number
  snapshots: number
  /** hostile: whole-document requests per second from the socket that never reads. */
  hostileRate: number
  /** client: page loads per app, keystrokes and remote edits measured per app. */
  loads: number
  keys: number
  remoteEdits: number
  /** search: drafts to search across. */
  documents: number
  /** cold: the updates that type the draft. */
  updates: number
  /** scale: fewer and smaller configurations, shorter loads, results outside docs/ (a smoke run). */
  quick: boolean
  /** scale: where scale.json and the charts go (default docs/performance, or a temporary directory with --quick). */
  out?: string
  /** scale: draw the charts again from `out`/scale.json, measuring nothing. */
  redraw: boolean
  /** materials: the server on a fresh PostgreSQL schema (TEST_DATABASE_URL) instead of the embedded store. */
  postgres: boolean
}

/** The parts of the flags that shape a client load, as the load takes them. */
export function loadSettings(flags: BenchFlags) {
  return {
    clients: flags.clients,
    rate: flags.rate,
    seconds: flags.seconds,
    warmupSeconds: flags.warmupSeconds,
    seed: flags.seed,
    drainTimeoutMs: flags.drainSeconds * 1000,
    syncTimeoutMs: 30_000,
    nice: flags.nice,
  }
}

const usage = `usage: npm run bench -- [--clients 50] [--rate 200] [--seconds 20] [--warmup-seconds 2] [--seed 1]
                       [--rounds 1] [--only ours|reference] [--drain-seconds 30]
                       [--profile DIR] [--nice=-10] [--instances 1|2]
       npm run bench -- --scenario threads [--threads 500] [--comments 2000] [--requests 50] [--profile DIR] [--nice=-10]
       npm run bench -- --scenario snapshot [--chars 100000] [--snapshots 10] [--clients 5] [--rate 20] [--seconds 20]
                       [--warmup-seconds 2] [--seed 1] [--rounds 1] [--drain-seconds 30] [--profile DIR] [--nice=-10]
       npm run bench -- --scenario hostile [--chars 190000] [--hostile-rate 100] [--clients 50] [--rate 200] [--seconds 20]
                       [--warmup-seconds 2] [--seed 1] [--rounds 1] [--drain-seconds 30] [--profile DIR] [--nice=-10]
       npm run bench -- --scenario suggestions [--threads 200] [--requests 50] [--clients 50] [--chars 100000] [--profile DIR]
       npm run bench -- --scenario metadata [--threads 10000] [--requests 200]
       npm run bench -- --scenario import [--requests 10] [--profile DIR] [--nice=-10]
       npm run bench -- --scenario search [--documents 200] [--chars 20000] [--requests 50] [--profile DIR] [--nice=-10]
       npm run bench -- --scenario search-pg [--documents 200] [--chars 20000] [--requests 50]
       npm run bench -- --scenario materials [--requests 10] [--postgres] [--profile DIR] [--nice=-10]
       npm run bench -- --scenario client [--loads 5] [--keys 200] [--remote-edits 100] [--profile DIR] [--nice=-10]
       npm run bench -- --scenario rest [--clients 2000] [--seconds 10] [--only ours|reference] [--profile DIR] [--nice=-10]
       npm run bench -- --scenario cold [--chars 190000] [--updates 100000] [--requests 20] [--seed 1] [--only ours|reference] [--profile DIR]
       npm run bench -- --scenario scale [--quick] [--seconds 5] [--warmup-seconds 2] [--seed 1] [--only ours|reference]
                       [--drain-seconds 30] [--out docs/performance] [--redraw] [--profile DIR] [--nice=-10]`

/** The flags each scenario reads; any other flag is refused rather than silently ignored. */
const accepted: Record<Scenario, string[]> = {
  collab: [
    'clients',
    'rate',
    'seconds',
    'warmup-seconds',
    'seed',
    'only',
    'instances',
    'drain-seconds',
    'rounds',
    'profile',
    'nice',
  ],
  threads: ['threads', 'comments', 'requests', 'profile', 'nice'],
  suggestions: ['threads', 'requests', 'clients', 'chars', 'profile', 'nice'],
  metadata: ['threads', 'requests'],
  import: ['requests', 'profile', 'nice'],
  search: ['documents', 'chars', 'requests', 'profile', 'nice'],
  'search-pg': ['documents', 'chars', 'requests'],
  materials: ['requests', 'postgres', 'profile', 'nice'],
  client: ['loads', 'keys', 'remote-edits', 'profile', 'nice'],
  rest: ['clients', 'seconds', 'only', 'profile', 'nice'],
  cold: ['chars', 'updates', 'requests', 'seed', 'only', 'profile'],
  scale: ['quick', 'seconds', 'warmup-seconds', 'seed', 'only', 'drain-seconds', 'out', 'redraw', 'profile', 'nice'],
  snapshot: [
    'chars',
    'snapshots',
    'clients',
    'rate',
    'seconds',
    'warmup-seconds',
    'seed',
    'drain-seconds',
    'rounds',
    'profile',
    'nice',
  ],
  hostile: [
    'chars',
    'hostile-rate',
    'clients',
    'rate',
    'seconds',
    'warmup-seconds',
    'seed',
    'drain-seconds',
    'rounds',
    'profile',
    'nice',
  ],
}

/** Load defaults per scenario: the collaboration load is a busy committee, the snapshot one five people typing. */
const loadDefaults: Record<Scenario, { clients: number; rate: number; seconds: number }> = {
  collab: { clients: 50, rate: 200, seconds: 20 },
  threads: { clients: 50, rate: 200, seconds: 20 },
  suggestions: { clients: 50, rate: 1, seconds: 1 },
  snapshot: { clients: 5, rate: 20, seconds: 20 },
  hostile: { clients: 50, rate: 200, seconds: 20 },
  metadata: { clients: 1, rate: 1, seconds: 1 },
  client: { clients: 1, rate: 1, seconds: 1 },
  rest: { clients: 2000, rate: 1, seconds: 10 },
  cold: { clients: 1, rate: 1, seconds: 1 },
  import: { clients: 1, rate: 1, seconds: 1 },
  search: { clients: 1, rate: 1, seconds: 1 },
  'search-pg': { clients: 1, rate: 1, seconds: 1 },
  materials: { clients: 1, rate: 1, seconds: 1 },
  // Per configuration; the clients and the rate are the scenario's own (scale-scenario.ts).
  scale: { clients: 2, rate: 1, seconds: 5 },
}

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
  if (!Number.isInteger(n) || n < -20 || n > 19)
    throw new Error(`--nice must be an integer from -20 to 19, got ${value}\n${usage}`)
  return n
}

/** Parses argv (without node and script); throws with the usage on a bad flag. */
export function parseBenchFlags(argv: string[]): BenchFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string' },
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
      threads: { type: 'string' },
      comments: { type: 'string' },
      requests: { type: 'string' },
      chars: { type: 'string' },
      snapshots: { type: 'string' },
      'hostile-rate': { type: 'string' },
      loads: { type: 'string' },
      keys: { type: 'string' },
      'remote-edits': { type: 'string' },
      updates: { type: 'string' },
      documents: { type: 'string' },
      quick: { type: 'boolean' },
      out: { type: 'string' },
      redraw: { type: 'boolean' },
      postgres: { type: 'boolean' },
    },
    strict: true,
  })
  const named = values.scenario ?? 'collab'
  if (!(named in accepted)) {
    throw new Error(`--scenario must be one of ${Object.keys(accepted).join(', ')}, got ${named}\n${usage}`)
  }
  const scenario = named as Scenario
  const given = Object.entries(values).filter(([name, value]) => value !== undefined && name !== 'scenario')
  const refused = given.map(([name]) => name).filter((name) => !accepted[scenario].includes(name))
  if (refused.length > 0) {
    throw new Error(`${refused.map((n) => `--${n}`).join(', ')} does not apply to --scenario ${scenario}\n${usage}`)
  }

  const only = values.only
  if (only !== undefined && only !== 'ours' && only !== 'reference') {
    throw new Error(`--only must be ours or reference, got ${only}\n${usage}`)
  }
  const instances = positive('instances', values.instances, 1)
  if (instances !== 1 && instances !== 2) throw new Error(`--instances must be 1 or 2, got ${instances}\n${usage}`)
  if (instances === 2 && only !== undefined) {
    throw new Error(`--only does not apply to --instances 2 (it always compares two instances with one)\n${usage}`)
  }
  const defaults = loadDefaults[scenario]
  const quick = values.quick === true
  const threads = positive(
    'threads',
    values.threads,
    scenario === 'metadata' ? 10_000 : scenario === 'suggestions' ? 200 : 500,
  )
  const comments = positive('comments', values.comments, Math.max(2000, threads))
  if (comments < threads) {
    throw new Error(
      `--comments counts each thread's first comment, so it must be at least --threads (${threads}), got ${comments}\n${usage}`,
    )
  }
  return {
    scenario,
    clients: positive('clients', values.clients, defaults.clients),
    rate: positive('rate', values.rate, defaults.rate, false),
    seconds: positive('seconds', values.seconds, quick ? 2 : defaults.seconds, false),
    warmupSeconds: nonNegative('warmup-seconds', values['warmup-seconds'], quick ? 1 : 2),
    seed: positive('seed', values.seed, 1),
    // Reference first: it is the baseline the ratios are taken against.
    targets: only ? [only] : ['reference', 'ours'],
    instances,
    drainSeconds: positive('drain-seconds', values['drain-seconds'], 30, false),
    rounds: positive('rounds', values.rounds, 1),
    profileDir: values.profile,
    nice: niceness(values.nice),
    threads,
    comments,
    requests: positive(
      'requests',
      values.requests,
      scenario === 'metadata'
        ? 200
        : scenario === 'cold'
          ? 20
          : scenario === 'import' || scenario === 'materials'
            ? 10
            : 50,
    ),
    chars: positive(
      'chars',
      values.chars,
      scenario === 'hostile' || scenario === 'cold'
        ? 190_000
        : scenario === 'search' || scenario === 'search-pg'
          ? 20_000
          : 100_000,
    ),
    documents: positive('documents', values.documents, 200),
    snapshots: positive('snapshots', values.snapshots, 10),
    hostileRate: positive('hostile-rate', values['hostile-rate'], 100, false),
    loads: positive('loads', values.loads, 5),
    keys: positive('keys', values.keys, 200),
    remoteEdits: positive('remote-edits', values['remote-edits'], 100),
    updates: positive('updates', values.updates, 100_000),
    quick,
    out: values.out,
    redraw: values.redraw === true,
    postgres: values.postgres === true,
  }
}
