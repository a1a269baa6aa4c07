/**
 * The embedded store: one SQLite file through better-sqlite3, WAL, numbered migrations. Held items
 * and every decision are written here before they are acknowledged, so a restart restores the
 * queue, the audit log and the overlay exactly.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Checkpointer } from './checkpointer.js';
import type { ChatMessage, Finding, Lang } from '../../config/chat.js';
import type { AuditEntry, FaqEntry } from '../../config/views.js';
import { withGluedAnswerSplit } from '../../config/faq-answer.js';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE held_items (
     id TEXT PRIMARY KEY, message TEXT NOT NULL, reasons TEXT NOT NULL, lang TEXT NOT NULL,
     sentiment REAL NOT NULL, held_at INTEGER NOT NULL, priority REAL NOT NULL,
     status TEXT NOT NULL DEFAULT 'pending', decision TEXT, decided_by TEXT, decided_at INTEGER);
   CREATE INDEX held_pending ON held_items(status, held_at);
   CREATE TABLE audit (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL,
     action TEXT NOT NULL, item_id TEXT, message_id TEXT, user_name TEXT, waited_ms INTEGER, detail TEXT NOT NULL);
   CREATE TABLE faq (id TEXT PRIMARY KEY, entry TEXT NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE chat (id TEXT PRIMARY KEY, at INTEGER NOT NULL, action TEXT NOT NULL, message TEXT NOT NULL);`,
  // v2: a viewer's decisions found by an index instead of a json_extract scan over every decided row.
  `ALTER TABLE held_items ADD COLUMN user_id TEXT;
   UPDATE held_items SET user_id = json_extract(message, '$.user.id');
   CREATE INDEX held_user ON held_items(user_id, status, decided_at);`,
  // v3: the start-up read of the last 10 minutes' waits (auditSince) by an index, not a scan of the whole log.
  `CREATE INDEX audit_at ON audit(at);`,
  // v4: a held item keeps its whole annotation (question or not, besides language and sentiment), so
  // approving it needs no second classification (of a text that is masked after a restart). Rows
  // held before v4 read as "not a question".
  `ALTER TABLE held_items ADD COLUMN is_question INTEGER NOT NULL DEFAULT 0;`,
];

export interface HeldRow {
  readonly id: string;
  readonly message: ChatMessage;
  readonly reasons: Finding[];
  readonly lang: Lang;
  readonly isQuestion: boolean;
  readonly sentiment: number;
  readonly heldAt: number;
  readonly priority: number;
}

export type Decision = 'approve' | 'reject' | 'timeout' | 'ban' | 'feature';

/**
 * The store holds the role tokens it generated, held comments and the audit log: like tokens.txt
 * beside it, it is readable by its owner only. A new folder is made 0700; the file is created (or
 * tightened) 0600 before SQLite opens it, and SQLite gives its -wal and -shm files the same mode.
 */
function ownerOnly(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

export class Store {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #stmts;
  readonly #checkpointer: Checkpointer | null = null;

  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') ownerOnly(path);
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 2000');
    this.#migrate();
    // WAL checkpoints run in a worker (server/store/checkpointer.ts), not inside our commits; if the
    // worker is lost, SQLite's own checkpoints (every 1,000 pages) take over
    if (path !== ':memory:') {
      this.#db.pragma('wal_autocheckpoint = 0');
      this.#checkpointer = new Checkpointer(path, {
        onLost: () => {
          if (this.#db.open) this.#db.pragma('wal_autocheckpoint = 1000');
        },
      });
    }
    const db = this.#db;
    this.#stmts = {
      kvGet: db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?'),
      kvSet: db.prepare('INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'),
      kvKeys: db.prepare<[string], { key: string }>("SELECT key FROM kv WHERE key LIKE ? ESCAPE '\\'"),
      kvDelete: db.prepare('DELETE FROM kv WHERE key = ?'),
      kvRange: db.prepare<[string, string], { key: string; value: string }>('SELECT key, value FROM kv WHERE key >= ? AND key < ? ORDER BY key'),
      heldInsert: db.prepare('INSERT OR IGNORE INTO held_items (id, message, reasons, lang, is_question, sentiment, held_at, priority, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      heldPending: db.prepare<[], { id: string; message: string; reasons: string; lang: string; is_question: number; sentiment: number; held_at: number; priority: number }>(
        "SELECT id, message, reasons, lang, is_question, sentiment, held_at, priority FROM held_items WHERE status = 'pending' ORDER BY held_at",
      ),
      heldDecide: db.prepare("UPDATE held_items SET status = 'decided', decision = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'"),
      heldUndo: db.prepare("UPDATE held_items SET status = 'pending', decision = NULL, decided_by = NULL, decided_at = NULL WHERE id = ? AND status = 'decided'"),
      heldGet: db.prepare<[string], { id: string; message: string; reasons: string; lang: string; sentiment: number; held_at: number; priority: number; status: string }>(
        'SELECT id, message, reasons, lang, sentiment, held_at, priority, status FROM held_items WHERE id = ?',
      ),
      heldByUser: db.prepare<[string, number], { decision: string; decided_at: number }>(
        "SELECT decision, decided_at FROM held_items WHERE user_id = ? AND status = 'decided' ORDER BY decided_at DESC LIMIT ?",
      ),
      auditInsert: db.prepare('INSERT INTO audit (id, at, actor, action, item_id, message_id, user_name, waited_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      auditRecent: db.prepare<[number], AuditDbRow>('SELECT * FROM (SELECT * FROM audit ORDER BY seq DESC LIMIT ?) ORDER BY seq'),
      auditAll: db.prepare<[], AuditDbRow>('SELECT * FROM audit ORDER BY seq'),
      auditSince: db.prepare<[number], { at: number; waited_ms: number | null; action: string; actor: string }>('SELECT at, waited_ms, action, actor FROM audit WHERE at >= ? ORDER BY seq'),
      faqAll: db.prepare<[], { entry: string }>('SELECT entry FROM faq ORDER BY updated_at'),
      faqUpsert: db.prepare('INSERT INTO faq (id, entry, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET entry = excluded.entry, updated_at = excluded.updated_at'),
      faqDelete: db.prepare('DELETE FROM faq WHERE id = ?'),
      chatInsert: db.prepare('INSERT OR IGNORE INTO chat (id, at, action, message) VALUES (?, ?, ?, ?)'),
    };
  }

  #migrate(): void {
    const version = this.#db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.#db.transaction(() => {
        this.#db.exec(MIGRATIONS[v] as string);
        this.#db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  get schemaVersion(): number {
    return this.#db.pragma('user_version', { simple: true }) as number;
  }

  getJson<T>(key: string): T | undefined {
    const row = this.#stmts.kvGet.get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setJson(key: string, value: unknown, now = Date.now()): void {
    this.#stmts.kvSet.run(key, JSON.stringify(value), now);
  }

  /** Keys of the JSON values stored under `prefix`. */
  jsonKeys(prefix: string): string[] {
    const like = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
    return this.#stmts.kvKeys.all(like).map((r) => r.key);
  }

  /** Every JSON value stored under `prefix`, by key (one range read of the primary key). */
  jsonEntries(prefix: string): { key: string; value: unknown }[] {
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return this.#stmts.kvRange.all(prefix, end).map((r) => ({ key: r.key, value: JSON.parse(r.value) as unknown }));
  }

  deleteJson(key: string): void {
    this.#stmts.kvDelete.run(key);
  }

  /**
   * Writes a held item with its text masked (`maskedText`): personal data never reaches the file
   * (SQLite keeps old page images in its WAL and free pages, so a raw value written once would
   * outlive any later clearing). The raw text lives in memory only, while the item is undecided.
   */
  insertHeld(row: HeldRow, maskedText: string): void {
    const stored = { ...row.message, text: maskedText };
    this.#stmts.heldInsert.run(row.id, JSON.stringify(stored), JSON.stringify(row.reasons), row.lang, row.isQuestion ? 1 : 0, row.sentiment, row.heldAt, row.priority, row.message.user.id);
  }

  pendingHeld(): HeldRow[] {
    return this.#stmts.heldPending.all().map((r) => ({
      id: r.id,
      message: JSON.parse(r.message) as ChatMessage,
      reasons: JSON.parse(r.reasons) as Finding[],
      lang: r.lang as Lang,
      isQuestion: r.is_question === 1,
      sentiment: r.sentiment,
      heldAt: r.held_at,
      priority: r.priority,
    }));
  }

  heldStatus(id: string): 'pending' | 'decided' | null {
    const r = this.#stmts.heldGet.get(id);
    return r ? (r.status as 'pending' | 'decided') : null;
  }

  /**
   * Decides a pending item and writes the audit entry in one transaction. Returns false when the
   * item was not pending (someone else decided first): the compare-and-set is the race's referee.
   */
  decide(itemId: string, decision: Decision, actor: string, at: number, audit: AuditEntry): boolean {
    return this.#db.transaction(() => {
      const changed = this.#stmts.heldDecide.run(decision, actor, at, itemId).changes;
      if (changed === 0) return false;
      this.#insertAudit(audit);
      return true;
    })();
  }

  undo(itemId: string, audit: AuditEntry): boolean {
    return this.#db.transaction(() => {
      const changed = this.#stmts.heldUndo.run(itemId).changes;
      if (changed === 0) return false;
      this.#insertAudit(audit);
      return true;
    })();
  }

  decisionsForUser(userId: string, limit = 5): { at: number; action: string }[] {
    return this.#stmts.heldByUser.all(userId, limit).map((r) => ({ at: r.decided_at, action: r.decision }));
  }

  appendAudit(entry: AuditEntry): void {
    this.#insertAudit(entry);
  }

  #insertAudit(e: AuditEntry): void {
    this.#stmts.auditInsert.run(e.id, e.at, e.actor, e.action, e.itemId, e.messageId, e.userName, e.waitedMs, e.detail);
  }

  recentAudit(limit: number): AuditEntry[] {
    return this.#stmts.auditRecent.all(limit).map(fromAuditRow);
  }

  allAudit(): AuditEntry[] {
    return this.#stmts.auditAll.all().map(fromAuditRow);
  }

  auditSince(at: number): { at: number; waitedMs: number | null; action: string; actor: string }[] {
    return this.#stmts.auditSince.all(at).map((r) => ({ at: r.at, waitedMs: r.waited_ms, action: r.action, actor: r.actor }));
  }

  /** The stored FAQ; an answer an older version stored glued ('English / 中文') comes split per language when that is certain (config/faq-answer.ts). */
  faq(): FaqEntry[] {
    return this.#stmts.faqAll.all().map((r) => withGluedAnswerSplit(JSON.parse(r.entry) as FaqEntry));
  }

  upsertFaq(entry: FaqEntry, now = Date.now()): void {
    this.#stmts.faqUpsert.run(entry.id, JSON.stringify(entry), now);
  }

  deleteFaq(id: string): boolean {
    return this.#stmts.faqDelete.run(id).changes > 0;
  }

  /** Keeps a chat line (store.retainChat): pass it with its personal data masked. */
  retainChat(msg: ChatMessage, action: string): void {
    this.#stmts.chatInsert.run(msg.id, msg.receivedAt, action, JSON.stringify(msg));
  }

  /** False once closed. */
  get open(): boolean {
    return this.#db.open;
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  /** Pages of WAL after which a commit checkpoints on this connection (0 while the worker does it). */
  get autoCheckpointPages(): number {
    return this.#db.pragma('wal_autocheckpoint', { simple: true }) as number;
  }

  /** The WAL checkpointer (null for an in-memory store). */
  get checkpointer(): Checkpointer | null {
    return this.#checkpointer;
  }

  close(): void {
    this.#checkpointer?.stop();
    if (this.#db.open) this.#db.close();
  }
}

interface AuditDbRow {
  id: string;
  at: number;
  actor: string;
  action: string;
  item_id: string | null;
  message_id: string | null;
  user_name: string | null;
  waited_ms: number | null;
  detail: string;
}

function fromAuditRow(r: AuditDbRow): AuditEntry {
  return { id: r.id, at: r.at, actor: r.actor, action: r.action, itemId: r.item_id, messageId: r.message_id, userName: r.user_name, waitedMs: r.waited_ms, detail: r.detail };
}
