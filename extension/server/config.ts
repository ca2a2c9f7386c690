import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node.js';
import { CONFIG_FILE_NAME, parseConfig, RULE_SETTINGS, type FaultlineConfig, type RuleSetting } from '../../analyzers/config';
import { logError } from './safe';

/*
 * The configuration one document is checked with: the workspace folder's `faultline.json` (shared with the CLI)
 * as the base, with the editor settings `faultline.rules` / `faultline.amplificationLimit` on top — the setting a
 * user just changed in the editor wins. Settings are read with `workspace/configuration` (scoped to the document)
 * when the client supports it, and re-read after `workspace/didChangeConfiguration`.
 */

export interface ResolvedConfig {
  config: FaultlineConfig;
  /** Identifies the configuration, so the analysis cache can tell a result computed with another one. */
  key: string;
}

const EMPTY: ResolvedConfig = { config: {}, key: '{}' };

export class ConfigStore {
  /** Workspace folder paths, longest first (so the innermost folder wins). */
  private folders: string[] = [];
  private readonly fileConfigs = new Map<string, FaultlineConfig>();
  private readonly reported = new Set<string>();
  /** Per document: the last resolved configuration. */
  private readonly resolved = new Map<string, ResolvedConfig>();
  private readonly pending = new Map<string, Promise<ResolvedConfig>>();
  /** Settings pushed in `didChangeConfiguration` by clients without `workspace/configuration`. */
  private pushed: unknown;
  private generation = 0;
  supportsWorkspaceConfiguration = false;

  constructor(private readonly connection: Connection) {}

  setFolders(uris: readonly string[]): void {
    this.folders = uris.flatMap((u) => (u.startsWith('file:') ? [fileURLToPath(u)] : [])).sort((a, b) => b.length - a.length);
    this.reloadFiles();
  }

  /** Reads every folder's `faultline.json` again; an invalid one is reported once (per distinct message) and ignored. */
  reloadFiles(): void {
    this.fileConfigs.clear();
    for (const folder of this.folders) {
      const path = join(folder, CONFIG_FILE_NAME);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // no file: defaults
      }
      const parsed = parseConfig(text, path);
      if ('error' in parsed) this.reportOnce(parsed.error);
      else this.fileConfigs.set(folder, parsed.config);
    }
    this.invalidate();
  }

  /** Forget resolved settings (after a configuration change). */
  invalidate(pushedSettings?: unknown): void {
    if (pushedSettings !== undefined) this.pushed = pushedSettings;
    this.generation++;
    this.resolved.clear();
    this.pending.clear();
  }

  /** The last resolved configuration of a document, without asking the client (for hover, completion …). */
  current(uri: string): ResolvedConfig {
    return this.resolved.get(uri) ?? this.combine(uri, this.supportsWorkspaceConfiguration ? undefined : this.pushed);
  }

  /** Resolves a document's configuration, asking the client for its settings when it supports that. Never rejects. */
  resolve(uri: string): Promise<ResolvedConfig> {
    const done = this.resolved.get(uri);
    if (done) return Promise.resolve(done);
    const inFlight = this.pending.get(uri);
    if (inFlight) return inFlight;
    const generation = this.generation;
    const promise = (async () => {
      let settings: unknown = this.pushed;
      if (this.supportsWorkspaceConfiguration) {
        try {
          settings = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'faultline' });
        } catch (e) {
          logError(this.connection, 'workspace/configuration', e);
          settings = undefined;
        }
      }
      const result = this.combine(uri, settings);
      if (generation === this.generation) {
        this.resolved.set(uri, result);
        this.pending.delete(uri);
      }
      return result;
    })();
    this.pending.set(uri, promise);
    return promise;
  }

  forget(uri: string): void {
    this.resolved.delete(uri);
    this.pending.delete(uri);
  }

  private combine(uri: string, settings: unknown): ResolvedConfig {
    const file = this.fileConfigFor(uri);
    const editor = readSettings(settings, (m) => this.reportOnce(m));
    const config: FaultlineConfig = {};
    const rules = { ...(file?.rules ?? {}), ...(editor.rules ?? {}) };
    if (Object.keys(rules).length) config.rules = rules;
    const limit = editor.amplificationLimit ?? file?.amplificationLimit;
    if (limit !== undefined) config.amplificationLimit = limit;
    if (!config.rules && config.amplificationLimit === undefined) return EMPTY;
    return { config, key: JSON.stringify(config) };
  }

  private fileConfigFor(uri: string): FaultlineConfig | undefined {
    if (!uri.startsWith('file:')) return this.folders.length === 1 ? this.fileConfigs.get(this.folders[0]!) : undefined;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const folder = this.folders.find((f) => {
      const rel = relative(f, path);
      return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
    });
    return folder === undefined ? undefined : this.fileConfigs.get(folder);
  }

  private reportOnce(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    try {
      // The typings say void, the implementation returns the request's promise: never leave it unhandled.
      Promise.resolve(this.connection.window.showErrorMessage(`Faultline: ${message}`) as unknown).catch((e: unknown) => logError(this.connection, 'showErrorMessage', e));
    } catch (e) {
      logError(this.connection, 'showErrorMessage', e);
    }
  }
}

/**
 * Editor settings as the client sends them: `{ rules: { id: severity }, amplificationLimit }`, or the whole
 * settings object with a `faultline` section (pushed settings). Invalid entries are dropped and reported.
 */
export function readSettings(raw: unknown, report: (message: string) => void = () => {}): FaultlineConfig {
  if (!raw || typeof raw !== 'object') return {};
  let section = raw as Record<string, unknown>;
  if ('faultline' in section && section.faultline && typeof section.faultline === 'object') section = section.faultline as Record<string, unknown>;
  const out: FaultlineConfig = {};
  const rules = section.rules;
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
    const kept: Record<string, RuleSetting> = {};
    for (const [id, value] of Object.entries(rules as Record<string, unknown>)) {
      if (typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value)) kept[id] = value as RuleSetting;
      else report(`setting faultline.rules.${JSON.stringify(id)}: expected one of ${RULE_SETTINGS.join(', ')}`);
    }
    if (Object.keys(kept).length) out.rules = kept;
  }
  const limit = section.amplificationLimit;
  if (typeof limit === 'number' && limit > 1) out.amplificationLimit = limit;
  else if (limit !== undefined && limit !== null) report('setting faultline.amplificationLimit: expected a number greater than 1');
  return out;
}
