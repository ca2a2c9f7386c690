import * as vscode from 'vscode';
import { LSPErrorCodes, NotificationType, RequestType, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import { TimelineSchema } from '../../diagram/timeline';
import {
  SIMULATE_REQUEST,
  SIMULATION_PROGRESS_NOTIFICATION,
  SIMULATION_STALE_NOTIFICATION,
  SIMULATION_TARGETS_REQUEST,
  type QuickFaultKind,
  type SimulateParams,
  type SimulateResult,
  type SimulationOutcome,
  type SimulationProgressParams,
  type SimulationRun,
  type SimulationStaleParams,
  type SimulationTarget,
  type SimulationTargetsParams,
  type SimulationTargetsResult,
} from '../server/protocol/simulation';
import { track } from './disposables';
import { TimelinePanel } from './timeline-panel';

/*
 * The editor side of the runnable model (issue 11): "Simulate Failover…" (a target, then a fault), the `▶ Simulate`
 * code lenses, "Run All Scenarios", and the timeline of the last run. The client only asks: the language server runs
 * the simulation on its worker threads and publishes the `sim/…` diagnostics; this file shows a cancellable progress
 * notification (Cancel is LSP's `$/cancelRequest`, which terminates the server's workers) and opens the timeline.
 */

const TargetsType = new RequestType<SimulationTargetsParams, SimulationTargetsResult, void>(SIMULATION_TARGETS_REQUEST);
const SimulateType = new RequestType<SimulateParams, SimulateResult, void>(SIMULATE_REQUEST);
const ProgressType = new NotificationType<SimulationProgressParams>(SIMULATION_PROGRESS_NOTIFICATION);
const StaleType = new NotificationType<SimulationStaleParams>(SIMULATION_STALE_NOTIFICATION);

/** The default run's pause (the leader's, or the lock holder's): longer than any lease or election timeout in the samples. */
const DEFAULT_PAUSE = '30s';

/** What the last runs returned, per document: the integration suite and "Show Timeline" read it. */
export interface SimulationRecord {
  uri: string;
  outcomes: SimulationOutcome[];
  /** Milliseconds from Cancel to the request settling, when the run was cancelled. */
  cancelledAfterMs?: number;
}

let runCounter = 0;

export class Simulations {
  private readonly last = new Map<string, SimulationOutcome[]>();
  private readonly progress = new Map<string, (p: SimulationProgressParams) => void>();
  /** The last run's record (for tests). */
  lastRecord: SimulationRecord | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
  ) {
    track(context, client.onNotification(ProgressType, (p) => this.progress.get(p.runId)?.(p)));
    track(context, client.onNotification(StaleType, (p) => void this.stale(p)));
  }

  register(): void {
    const c = this.context;
    track(c, vscode.commands.registerCommand('faultline.simulateFailover', (uri?: vscode.Uri) => this.simulateFailover(uri)));
    track(c, vscode.commands.registerCommand('faultline.runScenarios', (args?: { uri: string; scenarios: string[] }) => this.runScenarios(args)));
    track(c, vscode.commands.registerCommand('faultline.runAllScenarios', (uri?: vscode.Uri) => this.runAll(uri)));
    track(c, vscode.commands.registerCommand('faultline.showTimeline', (args?: { uri: string; scenario: string }) => this.showTimeline(args)));
  }

  /** The active .arch document (or the one named), else a message and undefined. */
  private async documentFor(uri?: vscode.Uri | string): Promise<vscode.TextDocument | undefined> {
    const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
    const document = target ? await vscode.workspace.openTextDocument(target) : vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'arch') {
      void vscode.window.showInformationMessage('Faultline: open an .arch file to simulate it.');
      return undefined;
    }
    return document;
  }

  async simulateFailover(uri?: vscode.Uri): Promise<SimulationRecord | undefined> {
    const document = await this.documentFor(uri ?? vscode.window.activeTextEditor?.document.uri);
    if (!document) return undefined;
    let targets: SimulationTargetsResult;
    try {
      targets = await this.client.sendRequest(TargetsType, { uri: document.uri.toString() });
    } catch (error) {
      void vscode.window.showErrorMessage(`Faultline: could not list what to simulate: ${messageOf(error)}`);
      return undefined;
    }
    if (targets.targets.length === 0) {
      void vscode.window.showInformationMessage('Faultline: this file has no store, cluster, lock or saga to simulate.');
      return undefined;
    }
    const target = await vscode.window.showQuickPick(
      targets.targets.map((t) => ({ label: t.name, description: t.description, detail: t.scenarios.length ? `scenarios: ${t.scenarios.join(', ')}` : undefined, target: t })),
      { title: 'Simulate failover: what fails over?', placeHolder: 'A store, cluster, lock or saga', matchOnDescription: true },
    );
    if (!target) return undefined;
    const fault = await pickFault(target.target);
    if (!fault) return undefined;
    const run: SimulationRun = { kind: 'quick', target: target.target.name, fault: fault.fault, ...(fault.argument !== undefined ? { argument: fault.argument } : {}) };
    return this.run(document, run, `${fault.label} on ${target.target.name}`);
  }

  async runScenarios(args?: { uri: string; scenarios: string[] }): Promise<SimulationRecord | undefined> {
    if (!args || !Array.isArray(args.scenarios) || args.scenarios.length === 0) return this.runAll();
    const document = await this.documentFor(args.uri);
    if (!document) return undefined;
    const title = args.scenarios.length === 1 ? `scenario ${args.scenarios[0]}` : `${args.scenarios.length} scenarios`;
    return this.run(document, { kind: 'scenarios', scenarios: args.scenarios }, title);
  }

  async runAll(uri?: vscode.Uri): Promise<SimulationRecord | undefined> {
    const document = await this.documentFor(uri);
    if (!document) return undefined;
    return this.run(document, { kind: 'all' }, 'every scenario');
  }

  /** Opens the timeline of a scenario's last run (the failing one first, when no scenario is named). */
  async showTimeline(args?: { uri: string; scenario: string }): Promise<void> {
    const uri = args?.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    const outcomes = uri ? (this.last.get(uri) ?? []) : [];
    const outcome = outcomes.find((o) => o.scenario === args?.scenario) ?? outcomes.find((o) => !o.passed) ?? outcomes[0];
    if (!uri || !outcome?.timeline) {
      void vscode.window.showInformationMessage('Faultline: no simulation has run on this file yet (run "Faultline: Simulate Failover…").');
      return;
    }
    await TimelinePanel.show(this.context, vscode.Uri.parse(uri), outcome.timeline);
  }

  /** Runs on the server behind a cancellable progress notification; opens the timeline of the failing (or first) outcome. */
  async run(document: vscode.TextDocument, run: SimulationRun, title: string, options: { quiet?: boolean } = {}): Promise<SimulationRecord | undefined> {
    const uri = document.uri.toString();
    const runId = `run-${++runCounter}`;
    const configured = vscode.workspace.getConfiguration('faultline', document.uri).get<number>('simulation.seeds', 0);
    const params: SimulateParams = { uri, run, runId, ...(configured > 0 ? { seeds: Math.floor(configured) } : {}) };
    let cancelledAt: number | undefined;
    const record = await vscode.window.withProgress(
      { location: options.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification, title: `Faultline: simulating ${title}`, cancellable: true },
      async (progress, token): Promise<SimulationRecord | undefined> => {
        let reported = 0;
        this.progress.set(runId, (p) => {
          const pct = p.total > 0 ? (100 * p.done) / p.total : 0;
          progress.report({ message: `${p.scenario}: ${p.done}/${p.total} seeds`, increment: Math.max(0, pct - reported) });
          reported = pct;
        });
        token.onCancellationRequested(() => (cancelledAt = performance.now()));
        try {
          const result = await this.client.sendRequest(SimulateType, params, token);
          const outcomes = result.outcomes.map((o) => ({ ...o, timeline: o.timeline && TimelineSchema.safeParse(o.timeline).success ? o.timeline : null }));
          this.remember(uri, outcomes);
          return { uri, outcomes };
        } catch (error) {
          if (cancelledAt !== undefined || (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled)) {
            return { uri, outcomes: [], cancelledAfterMs: cancelledAt === undefined ? 0 : performance.now() - cancelledAt };
          }
          // A rerun after an edit (quiet) may meet a file half typed: say so in the status bar, not in a dialog.
          if (options.quiet) vscode.window.setStatusBarMessage(`Faultline: rerun not possible yet: ${messageOf(error)}`, 6000);
          else void vscode.window.showErrorMessage(`Faultline: ${messageOf(error)}`);
          return undefined;
        } finally {
          this.progress.delete(runId);
        }
      },
    );
    this.lastRecord = record;
    if (!record) return undefined;
    if (record.cancelledAfterMs !== undefined) {
      vscode.window.setStatusBarMessage('Faultline: simulation cancelled', 4000);
      return record;
    }
    const shown = record.outcomes.find((o) => !o.passed && o.timeline) ?? record.outcomes.find((o) => o.timeline);
    if (shown?.timeline && !options.quiet) await TimelinePanel.show(this.context, document.uri, shown.timeline);
    if (!options.quiet) void this.announce(record);
    return record;
  }

  private remember(uri: string, outcomes: SimulationOutcome[]): void {
    const kept = (this.last.get(uri) ?? []).filter((o) => !outcomes.some((n) => n.scenario === o.scenario));
    this.last.set(uri, [...outcomes, ...kept]);
  }

  private async announce(record: SimulationRecord): Promise<void> {
    const failed = record.outcomes.filter((o) => !o.passed);
    const text = record.outcomes.length === 1 ? record.outcomes[0]!.summary : `${record.outcomes.length - failed.length} of ${record.outcomes.length} scenarios passed${failed.length ? `; failed: ${failed.map((o) => o.scenario).join(', ')}` : ''}`;
    const show = failed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choice = await show(`Faultline: ${text}`, 'Show Problems');
    if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  /** The server says a design change affects stored runs: rerun them if the user asked for that. */
  private async stale(p: SimulationStaleParams): Promise<void> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === p.uri);
    if (!document) return;
    const mode = vscode.workspace.getConfiguration('faultline', document.uri).get<string>('simulation.onChange', 'markStale');
    if (mode !== 'rerun') return;
    for (const run of p.runs) await this.run(document, run, run.kind === 'quick' ? `${run.fault} on ${run.target}` : 'the changed scenarios', { quiet: true });
  }
}

interface FaultChoice extends vscode.QuickPickItem {
  fault: QuickFaultKind;
  argument?: string;
}

/** The faults that suit a target, with the zones of its placement and the steps of a saga spelled out. */
export function faultChoices(t: SimulationTarget): FaultChoice[] {
  const out: FaultChoice[] = [];
  for (const kind of t.faults) {
    switch (kind) {
      case 'crash-leader':
        out.push({ label: 'Crash the leader', description: 'at 5s; it does not come back', fault: kind });
        break;
      case 'pause-leader':
        out.push({ label: `Pause the leader ${DEFAULT_PAUSE}`, description: 'at 5s, a GC pause or a stalled VM: it resumes believing it still leads', fault: kind, argument: DEFAULT_PAUSE });
        break;
      case 'pause-holder':
        out.push({ label: `Pause the lock holder ${DEFAULT_PAUSE}`, description: 'at 5s: it resumes and writes, its lease long gone', fault: kind, argument: DEFAULT_PAUSE });
        break;
      case 'lose-zone':
        for (const z of t.zones) out.push({ label: `Lose zone ${z}`, description: 'at 5s, every member placed there crashes', fault: kind, argument: z });
        break;
      case 'partition':
        if (t.zones.length >= 2) {
          for (const z of t.zones) {
            const rest = t.zones.filter((o) => o !== z);
            out.push({ label: `Partition ${z} from ${rest.join(', ')}`, description: 'from 5s to 35s, then heal', fault: kind, argument: `${z} | ${rest.join(', ')}` });
          }
        }
        break;
      case 'fail-step':
        for (const s of t.steps) out.push({ label: `Fail step ${s}`, description: 'from the start: every saga meets it and must compensate', fault: kind, argument: s });
        break;
    }
  }
  return out;
}

async function pickFault(t: SimulationTarget): Promise<FaultChoice | undefined> {
  const choices = faultChoices(t);
  if (choices.length === 0) {
    void vscode.window.showInformationMessage(`Faultline: no default fault applies to ${t.name} (declare zones, or write a scenario).`);
    return undefined;
  }
  return vscode.window.showQuickPick(choices, { title: `Simulate failover of ${t.name}: which fault?`, placeHolder: 'The fault to inject (200 seeds)' });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
