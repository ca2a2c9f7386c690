import * as vscode from 'vscode';
import { LSPErrorCodes, NotificationType, RequestType, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import * as z from 'zod';
import { tooLargeToDraw } from '../../diagram/model';
import { DiagramSchema } from '../../diagram/protocol';
import {
  DIAGRAM_CHANGED_NOTIFICATION,
  DIAGRAM_REQUEST,
  DiagramErrorCodes,
  type DiagramChangedParams,
  type DiagramParams,
  type DiagramResponse,
} from '../server/protocol/diagram';

/*
 * Where the diagram panel gets its diagram: the language server (`faultline/diagram`, see
 * extension/server/protocol/diagram.ts). The client computes nothing: the server answers from the same analysis
 * its diagnostics come from. Every response is validated with zod before the panel trusts it; failures become a
 * sentence for the panel, never an exception.
 */

const DiagramRequestType = new RequestType<DiagramParams, DiagramResponse, void>(DIAGRAM_REQUEST);
const DiagramChangedType = new NotificationType<DiagramChangedParams>(DIAGRAM_CHANGED_NOTIFICATION);

const DiagramResponseSchema = z.object({ uri: z.string().max(4000), version: z.number().int(), diagram: DiagramSchema });
// The schema and the protocol type must describe the same data.
const _fits = (r: DiagramResponse): z.infer<typeof DiagramResponseSchema> => r;
void _fits;

export type DiagramResult =
  | { ok: true; response: DiagramResponse }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled: false; message: string };

export interface DiagramSource {
  /** The server's diagram of a document; never rejects. */
  request(uri: vscode.Uri, token: vscode.CancellationToken): Promise<DiagramResult>;
  /** Fires when the server published the diagnostics of a new analysis of a document. */
  onDidChange(listener: (uri: vscode.Uri, version: number) => void): vscode.Disposable;
}

/** The element and relation counts of a response not yet validated (anything else counts as none). */
function countsOf(raw: unknown): { nodes: unknown[]; edges: unknown[] } {
  const d = (raw as { diagram?: { nodes?: unknown; edges?: unknown } } | null)?.diagram;
  return { nodes: Array.isArray(d?.nodes) ? d.nodes : [], edges: Array.isArray(d?.edges) ? d.edges : [] };
}

export function languageServerDiagrams(client: LanguageClient): DiagramSource {
  const toServer = (uri: vscode.Uri) => client.code2ProtocolConverter.asUri(uri);
  return {
    async request(uri, token) {
      const file = vscode.workspace.asRelativePath(uri);
      let raw: unknown;
      try {
        raw = await client.sendRequest(DiagramRequestType, { uri: toServer(uri) }, token);
      } catch (error) {
        if (token.isCancellationRequested || (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled)) return { ok: false, cancelled: true };
        if (error instanceof ResponseError && error.code === DiagramErrorCodes.UnknownDocument) {
          return { ok: false, cancelled: false, message: `The Faultline language server has no open document ${file}. Open the file to see its diagram.` };
        }
        return { ok: false, cancelled: false, message: `The Faultline language server could not give the diagram of ${file}: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (token.isCancellationRequested) return { ok: false, cancelled: true };
      // A design past what the panel draws says so, before the schema (whose lists are bounded) calls it invalid.
      const tooLarge = tooLargeToDraw(countsOf(raw));
      if (tooLarge) return { ok: false, cancelled: false, message: tooLarge };
      const parsed = DiagramResponseSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, cancelled: false, message: `The language server sent an invalid diagram of ${file} (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}).` };
      }
      return { ok: true, response: parsed.data };
    },
    onDidChange(listener) {
      return client.onNotification(DiagramChangedType, (params) => {
        if (!params || typeof params.uri !== 'string' || typeof params.version !== 'number') return;
        let uri: vscode.Uri;
        try {
          uri = client.protocol2CodeConverter.asUri(params.uri);
        } catch {
          return;
        }
        listener(uri, params.version);
      });
    },
  };
}
