import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type TextDocuments } from 'vscode-languageserver/node.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagram } from '../../analyzers/diagram/to-diagram';
import type { ConfigStore } from './config';
import type { Analysis, AnalysisCache } from './documents';
import { DiagramErrorCodes, type DiagramResponse } from './protocol/diagram';

/*
 * `faultline/diagram` (protocol/diagram.ts): the diagram model of the server's own analysis — the one the
 * published diagnostics come from (same cache entry, same configuration: faultline.json + editor settings) — so
 * the panel's badges can never disagree with the Problems panel. One diagram per analysis, built on first request.
 */

type DiagramModel = DiagramResponse['diagram'];

const diagrams = new WeakMap<Analysis, DiagramModel>();

export function diagramOf(analysis: Analysis): DiagramModel {
  let diagram = diagrams.get(analysis);
  if (!diagram) {
    diagram = toDiagram(analysis.result.model, analysis.result.diagnostics);
    diagrams.set(analysis, diagram);
  }
  return diagram;
}

export function diagramHandler(documents: TextDocuments<TextDocument>, cache: AnalysisCache, config: ConfigStore) {
  return async (params: unknown, token?: CancellationToken): Promise<DiagramResponse | ResponseError<void>> => {
    const uri = (params as { uri?: unknown } | null)?.uri;
    if (typeof uri !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'faultline/diagram: params must be { uri: string }');
    const unknown = () => new ResponseError(DiagramErrorCodes.UnknownDocument, `faultline/diagram: the language server has no open document ${uri}`);
    if (!documents.get(uri)) return unknown();
    // The configuration the diagnostics are published with (it may ask the client for its settings).
    const resolved = await config.resolve(uri);
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'faultline/diagram: cancelled');
    const doc = documents.get(uri);
    if (!doc) return unknown(); // closed while the settings were read
    const analysis = cache.get(doc, resolved);
    return { uri, version: analysis.version, diagram: diagramOf(analysis) };
  };
}
