/**
 * The application config: one file (YAML or JSON) merged over these defaults, secrets from the
 * environment. Parsed once at start-up (server/config-load.ts), then frozen.
 */
import { z } from 'zod';
import { FILTER_CATEGORIES, FILTER_NAMES, FiltersConfigSchema } from './filters-config.js';
import { InsightsConfigSchema } from './insights-config.js';
import { ImageUrlSchema, ThemeSchema, UiLangSchema } from './protocol.js';
import { EngageConfigSchema } from './engage.js';
import { ShowsConfigSchema } from './review.js';

/** A secret string: prints as [redacted] in logs, JSON and util.inspect. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[redacted]';
  }
}

const secret = z
  .string()
  .min(1)
  .transform((s) => new Secret(s));

/** Config paths that hold secrets: their values are never echoed in error messages. */
export const SECRET_PATHS: readonly string[] = [
  'twitch.oauthToken',
  'obs.password',
  'tokens.host',
  'tokens.moderator',
  'tokens.producer',
  'tokens.ingest',
  'helix.token',
  'helix.clientId',
  'tiktok.signApiKey',
  'youtube.apiKey',
  'youtube.oauthToken',
];

const token = secret.refine((s) => s.reveal().length >= 16, { message: 'tokens must be at least 16 characters' });

export const PresetSchema = z.object({
  id: z.string().min(1).max(64),
  product: z.string().min(1).max(120),
  imageUrl: ImageUrlSchema.optional(),
  currency: z.string().max(8).default('$'),
  price: z.number().nonnegative(),
  originalPrice: z.number().nonnegative().optional(),
  stock: z.number().int().nonnegative(),
  lowStockAt: z.number().int().nonnegative().default(10),
  durationMs: z.number().int().positive(),
});
export type Preset = z.infer<typeof PresetSchema>;

const KNOWN_REASONS: ReadonlySet<string> = new Set<string>([...FILTER_CATEGORIES, ...FILTER_NAMES]);

/** Hold-timeout actions by default: only the low-risk spam signals are let through unseen. */
export const DEFAULT_TIMEOUT_ACTIONS: Readonly<Record<string, 'approve' | 'reject'>> = {
  abuse: 'reject',
  privacy: 'reject',
  spam: 'reject',
  'spam.caps': 'approve',
  'spam.symbols': 'approve',
  'spam.emotes': 'approve',
  'spam.repeat': 'approve',
  'spam.length': 'approve',
  'spam.flood': 'approve',
  'spam.user_repeat': 'approve',
};

/** The spellings of the two languages a config may use (any case, `_` or `-`): `zh` as on the command line (`--lang zh`), `zh-cn`, `zh_CN`. */
const LANG_SPELLINGS = new Map<string, 'en' | 'zh-CN'>([
  ['en', 'en'],
  ['zh', 'zh-CN'],
  ['zh-cn', 'zh-CN'],
]);
/** The overlay's language in the config: a known spelling is read as `en` or `zh-CN`; anything else is refused by UiLangSchema as before. */
const ConfigLangSchema = z.preprocess((v) => (typeof v === 'string' ? (LANG_SPELLINGS.get(v.toLowerCase().replace('_', '-')) ?? v) : v), UiLangSchema);

export const ConfigSchema = z
  .object({
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(4500),
        /** Largest control frame accepted; bigger ones close the socket with 1009. */
        maxControlFrameBytes: z.number().int().min(256).max(1 << 20).default(16 * 1024),
        /** Per-client buffered bytes above which patches are dropped and a snapshot follows. */
        clientBufferHighBytes: z.number().int().min(1024).default(256 * 1024),
        clientBufferLowBytes: z.number().int().min(0).default(16 * 1024),
        heartbeatMs: z.number().int().min(100).default(15_000),
        /**
         * Extra names this server answers to (the Host header), besides 127.0.0.1, localhost, [::1]
         * and `host`; always with the port it listens on. Others get 421 (DNS-rebinding guard).
         * Add your LAN name or IP when you bind to 0.0.0.0; '*' turns the check off (not recommended).
         */
        allowedHosts: z.array(z.string().min(1).max(253).regex(/^(\*|[a-zA-Z0-9._-]+|\[[0-9a-fA-F:.]+\])$/, 'a host name or IP, without scheme or port')).default([]),
        /** Extra page origins that may open sockets and POST (e.g. https://studio.example); the server's own origins are always allowed. */
        allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/?#\s]+$/, 'an origin: http(s)://host[:port], no path')).default([]),
      })
      .prefault({}),
    store: z
      .object({
        path: z.string().min(1).default('data/showrunner.db'),
        /** Keep every chat message (not only held ones and decisions). */
        retainChat: z.boolean().default(false),
      })
      .prefault({}),
    /** Role tokens. When absent, random ones are generated once and kept in the store. */
    tokens: z
      .object({ host: token.optional(), moderator: token.optional(), producer: token.optional(), ingest: token.optional() })
      .prefault({}),
    twitch: z
      .object({
        channels: z.array(z.string().regex(/^#?[a-zA-Z0-9_]{2,25}$/, 'a Twitch channel name')).default([]),
        username: z.string().min(1).optional(),
        oauthToken: secret.optional(),
        /** Override the chat server (tests, proxies). */
        server: z.string().optional(),
        port: z.number().int().min(1).max(65535).optional(),
        secure: z.boolean().optional(),
        reconnectIntervalMs: z.number().int().min(50).default(1000),
      })
      .prefault({}),
    /**
     * TikTok LIVE through tiktok-live-connector (read only). Connecting needs a signed WebSocket URL
     * from a sign server (Euler Stream by default, a third party): see docs/platforms.md for what is
     * sent there and how to run your own.
     */
    tiktok: z
      .object({
        /** The streamer's TikTok username (with or without @). Unset = no TikTok source. */
        username: z.string().regex(/^@?[A-Za-z0-9._]{2,24}$/, 'a TikTok username').optional(),
        /** Sign server base URL (the library's SignConfig.basePath). */
        signServerUrl: z.string().url().default('https://api.eulerstream.com'),
        /** Sign server API key (env TIKTOK_SIGN_API_KEY); without one the public free tier is used. */
        signApiKey: secret.optional(),
        /** Let the sign server resolve the username to a room id when TikTok's own pages refuse (sends the username there). */
        roomIdFromSignServer: z.boolean().default(false),
        /** TikTok hosts the library talks to directly (override for tests and proxies). */
        webHost: z.string().default('www.tiktok.com'),
        webcastHost: z.string().default('webcast.tiktok.com'),
        /** First reconnect delay; doubles per failure up to maxReconnectMs. */
        reconnectMs: z.number().int().min(10).default(2000),
        maxReconnectMs: z.number().int().min(10).default(120_000),
        /** While the streamer is offline, look again this often. */
        offlinePollMs: z.number().int().min(10).default(60_000),
      })
      .prefault({}),
    /** YouTube Live chat through the YouTube Data API v3 (liveChatMessages.list). */
    youtube: z
      .object({
        /** The live broadcast's video id (11 characters). Unset = no YouTube source. */
        videoId: z.string().regex(/^[A-Za-z0-9_-]{11}$/, 'a YouTube video id').optional(),
        /** Or the live chat id directly (skips the videos.list lookup). */
        liveChatId: z.string().min(1).max(200).optional(),
        /** API key (env YOUTUBE_API_KEY): enough to read a public live chat. */
        apiKey: secret.optional(),
        /** OAuth access token (env YOUTUBE_OAUTH_TOKEN, scope youtube.force-ssl): needed to delete and ban. Lives about an hour unless refreshed (below). */
        oauthToken: secret.optional(),
        /** To keep the access token fresh: the OAuth client's id and secret (env YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET) and a refresh token (env YOUTUBE_REFRESH_TOKEN). */
        clientId: z.string().min(1).max(300).optional(),
        clientSecret: secret.optional(),
        refreshToken: secret.optional(),
        /** Google's OAuth token endpoint (override for tests or a proxy). */
        tokenUrl: z.string().url().default('https://oauth2.googleapis.com/token'),
        /** Override the API root (tests, proxies). A URL: a malformed one put the API key (a query parameter) into the log and /api/health. */
        baseUrl: z.string().url().default('https://www.googleapis.com/youtube/v3'),
        /** Never poll faster than this, whatever pollingIntervalMillis says. */
        minPollMs: z.number().int().min(10).default(2000),
        maxResults: z.number().int().min(200).max(2000).default(500),
        reconnectMs: z.number().int().min(10).default(5000),
        maxReconnectMs: z.number().int().min(10).default(300_000),
        /** The day's quota (10,000 units by default for a project); the console shows use against it. */
        dailyQuota: z.number().int().min(1).default(10_000),
        /** Delete and ban through the API (needs oauthToken of the channel owner or a moderator). */
        enforce: z.boolean().default(false),
        /** Timeout length for a 'timeout' decision (YouTube's temporary ban). */
        timeoutSeconds: z.number().int().min(1).max(86_400).default(300),
      })
      .prefault({}),
    replay: z
      .object({
        /** 'auto': play the demo when no Twitch channel is configured. */
        enabled: z.union([z.boolean(), z.literal('auto')]).default('auto'),
        files: z.array(z.string().min(1)).min(1).default(['demo/demo-chat.jsonl']),
        speed: z.number().positive().max(10_000).default(1),
        loop: z.boolean().default(true),
      })
      .prefault({}),
    ingest: z
      .object({
        enabled: z.boolean().default(true),
        maxBatch: z.number().int().min(1).max(10_000).default(1000),
        /** Accepted items waiting for the pipeline, at most: past it a batch is refused (HTTP 429, ws SR_BUSY). */
        maxBuffered: z.number().int().min(100).max(1_000_000).default(20_000),
        /** Pipeline work per slice before HTTP and the sockets get a turn, in ms. */
        sliceMs: z.number().min(1).max(1000).default(8),
      })
      .prefault({}),
    filters: FiltersConfigSchema,
    insights: InsightsConfigSchema,
    /** Automatic chat replies for FAQ-matched questions, through the Twitch bot identity. */
    autoReply: z
      .object({
        enabled: z.boolean().default(false),
        minIntervalMs: z.number().int().min(1000).default(20_000),
        perEntryCooldownMs: z.number().int().min(1000).default(120_000),
      })
      .prefault({}),
    moderation: z
      .object({
        /** Held items older than this are resolved by `onTimeout`. 0 = never. */
        holdTimeoutMs: z.number().int().min(0).default(10 * 60_000),
        onTimeout: z.enum(['approve', 'reject']).default('reject'),
        /** A flagged comment counts for questions and mood after this long (unless removed first). */
        flagSettleMs: z.number().int().min(0).max(3600_000).default(60_000),
        /** Flagged comments stay on the moderators' watch list this long, at most `maxFlagged` of them. */
        flagKeepMs: z.number().int().min(1000).max(24 * 3600_000).default(15 * 60_000),
        maxFlagged: z.number().int().min(10).max(5000).default(300),
        /**
         * What a hold timeout does, by filter or category (the first rule naming one of an item's
         * reasons; any 'reject' wins): low-risk holds (shouting, floods) are approved, severe ones
         * rejected. Reasons no rule names follow `onTimeout`.
         */
        timeoutActions: z
          .record(z.string(), z.enum(['approve', 'reject']))
          .default({})
          .superRefine((r, ctx) => {
            for (const key of Object.keys(r)) {
              if (!KNOWN_REASONS.has(key)) ctx.addIssue({ code: 'custom', path: [key], message: `unknown filter "${key}" (known: ${[...KNOWN_REASONS].join(', ')})` });
            }
          })
          .transform((r) => ({ ...DEFAULT_TIMEOUT_ACTIONS, ...r })),
        /** The console is sent the most urgent `pageSize` held items; the rest wait their turn (counted in queueInfo). */
        pageSize: z.number().int().min(10).max(1000).default(100),
        /** From this many pending items the console says the queue is overflowing and offers a fix. */
        overflowAt: z.number().int().min(1).default(150),
        undoMs: z.number().int().min(0).max(60_000).default(5000),
        claimMs: z.number().int().min(1000).default(30_000),
      })
      .prefault({}),
    obs: z
      .object({
        enabled: z.boolean().default(false),
        url: z.string().default('ws://127.0.0.1:4455'),
        password: secret.optional(),
        scene: z.string().default('Showrunner'),
        sourceName: z.string().default('Showrunner overlay'),
        cues: z
          .object({
            saleStartScene: z.string().optional(),
            saleEndScene: z.string().optional(),
            saleShowItems: z.array(z.object({ scene: z.string(), item: z.string() })).default([]),
          })
          .prefault({}),
      })
      .prefault({}),
    helix: z
      .object({
        enforce: z.boolean().default(false),
        baseUrl: z.string().url().default('https://api.twitch.tv/helix'),
        clientId: secret.optional(),
        token: secret.optional(),
        broadcasterId: z.string().optional(),
        moderatorId: z.string().optional(),
        ladder: z.array(z.object({ action: z.enum(['delete', 'timeout', 'ban']), seconds: z.number().int().positive().optional() })).default([
          { action: 'delete' },
          { action: 'timeout', seconds: 600 },
          { action: 'timeout', seconds: 86_400 },
          { action: 'ban' },
        ]),
      })
      .prefault({}),
    /** `lang`: the show language of the overlay's texts (限时秒杀 / Flash sale); the console can switch it live. `zh`, `zh-cn`, `zh_CN` read as zh-CN (as `--lang zh` does). */
    overlay: z.object({ theme: ThemeSchema.prefault({}), lang: ConfigLangSchema.default('en') }).prefault({}),
    /** Flash-sale presets prepared before the stream. The defaults match the demo stream's products. */
    presets: z
      .array(PresetSchema)
      .default([
        { id: 'serum', product: 'Glow Serum 30ml · 精华液', currency: '$', price: 19.9, originalPrice: 39.9, stock: 200, lowStockAt: 20, durationMs: 5 * 60_000 },
        { id: 'lipstick', product: 'Velvet Lipstick · 丝绒口红', currency: '$', price: 9.9, originalPrice: 24, stock: 120, lowStockAt: 15, durationMs: 3 * 60_000 },
        { id: 'earbuds', product: 'Wireless Earbuds · 蓝牙耳机', currency: '$', price: 29, originalPrice: 59, stock: 50, lowStockAt: 10, durationMs: 2 * 60_000 },
      ])
      .refine((list) => new Set(list.map((p) => p.id)).size === list.length, { message: 'preset ids must be unique' }),
    faqFile: z.string().default('config/faq.yaml'),
    /** Draws, polls and coupon drops prepared before the stream (config/engage.ts). */
    engage: EngageConfigSchema,
    /** Shows and their review (config/review.ts): how often the running minute is saved, shows started by chat. */
    shows: ShowsConfigSchema,
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
