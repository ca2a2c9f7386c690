import type { DiagramModel } from '../../../diagram/model';

/*
 * Faultline's own LSP messages for the diagram, shared by the server (extension/server/server.ts) and the VS Code
 * client (extension/client/diagram-source.ts): method names, parameter and result types, error codes. Nothing
 * here runs: each side builds its `RequestType`/`NotificationType` from its own LSP library, so the client never
 * loads server code. The client validates every response with zod before it draws it.
 *
 * `faultline/diagram` (client → server request)
 *   params { uri }  →  { uri, version, diagram }: the diagram model (`toDiagram`) of the server's own analysis of
 *   the document's current version, with the configuration its diagnostics use (faultline.json + editor
 *   settings), so the badges equal the published diagnostics of `version`.
 *   Errors: `UnknownDocument` (the server has no such open document), `InvalidParams`, `RequestCancelled`
 *   (after `$/cancelRequest`), `InternalError`.
 *
 * `faultline/diagramChanged` (server → client notification, sent only when the client asked for it with
 *   `initializationOptions.diagramChanged: true`)
 *   params { uri, version }: diagnostics of this version were just published; a diagram requested now matches them.
 *   Sent for every publish (edits, configuration and faultline.json changes), never for a stale version.
 */

export const DIAGRAM_REQUEST = 'faultline/diagram';
export const DIAGRAM_CHANGED_NOTIFICATION = 'faultline/diagramChanged';

export interface DiagramParams {
  uri: string;
}

export interface DiagramResponse {
  uri: string;
  /** The document version the diagram (and the diagnostics it counts) belongs to. */
  version: number;
  diagram: DiagramModel;
}

export interface DiagramChangedParams {
  uri: string;
  version: number;
}

/** What a client puts in `initializationOptions` to receive `faultline/diagramChanged`. */
export interface FaultlineInitializationOptions {
  diagramChanged?: boolean;
}

/** Application error codes of `faultline/diagram` (outside JSON-RPC's and LSP's reserved ranges). */
export const DiagramErrorCodes = {
  /** The server has no open document with that uri (never opened, or closed). */
  UnknownDocument: 1,
} as const;
