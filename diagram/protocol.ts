import * as z from 'zod';
import type { DiagramModel } from './model';
import { SimOverlaySchema } from './timeline';

/*
 * The one message protocol between the extension host (extension/client/diagram-panel.ts) and the diagram webview
 * (webview/main.ts). Both sides import these schemas and `safeParse` every message that arrives: a message that
 * does not parse is dropped and logged, never acted upon. Sizes are bounded so a broken peer cannot make the other
 * side allocate without limit.
 */

// Identifiers have no length limit in the language; 1000 characters is past any real name.
const MAX_NAME = 1000;
const MAX_TEXT = 4000;
const MAX_ITEMS = 5000;

const name = z.string().max(MAX_NAME);
const text = z.string().max(MAX_TEXT);
const position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
const range = z.object({ start: position, end: position });
const severity = z.enum(['error', 'warning', 'info']);
const badges = z.object({ error: z.number().int().min(0), warning: z.number().int().min(0), info: z.number().int().min(0) });
const message = z.object({ severity, rule: name, message: text });

export const NodeKindSchema = z.enum(['gateway', 'service', 'store', 'queue', 'cache', 'cluster', 'lock', 'external', 'saga', 'transaction', 'projection', 'client']);

export const EdgeKindSchema = z.enum([
  'route',
  'call',
  'call-async',
  'read',
  'write',
  'publish',
  'consume',
  'dead-letter',
  'cache-for',
  'coordinator',
  'lock-backend',
  'lock-protects',
  'lock-holder',
  'saga-orchestrator',
  'saga-step',
  'tx-coordinator',
  'tx-participant',
  'projection-source',
  'projection-store',
]);

export const DiagramSchema = z.object({
  containers: z
    .array(
      z.object({
        id: name,
        kind: z.enum(['region', 'zone']),
        name,
        title: text.optional(),
        parent: name.optional(),
        range: range.optional(),
        badges,
        messages: z.array(message).max(20),
      }),
    )
    .max(MAX_ITEMS),
  nodes: z
    .array(
      z.object({
        id: name,
        kind: NodeKindSchema,
        name,
        title: text.optional(),
        description: text.optional(),
        detail: text.optional(),
        parent: name.optional(),
        entry: z.boolean(),
        replicas: z.number().int().min(0).optional(),
        capacity: z.number().min(0).optional(),
        load: z.number().min(0).optional(),
        placement: z.array(z.object({ zone: name.nullable(), count: z.number().int().min(0) })).max(MAX_ITEMS),
        range,
        nameRange: range,
        badges,
        messages: z.array(message).max(20),
      }),
    )
    .max(MAX_ITEMS),
  edges: z
    .array(
      z.object({
        id: name,
        kind: EdgeKindSchema,
        style: z.enum(['solid', 'dashed', 'dotted']),
        from: name,
        to: name,
        label: text.optional(),
        tooltip: text,
        range: range.optional(),
        load: z.number().min(0).optional(),
      }),
    )
    .max(MAX_ITEMS),
  zones: z.array(name).max(MAX_ITEMS),
  zoneLoss: z
    .array(
      z.object({
        zone: name,
        down: z.array(z.object({ name, reason: text })).max(MAX_ITEMS),
        affectedEntryPoints: z.array(z.object({ entry: name, via: z.array(name).max(MAX_ITEMS) })).max(MAX_ITEMS),
        overloaded: z.array(z.object({ name, load: z.number().min(0), capacity: z.number().min(0) })).max(MAX_ITEMS).optional(),
      }),
    )
    .max(MAX_ITEMS),
});

// The schema and the model type must describe the same data: each must be assignable to the other.
type SchemaDiagram = z.infer<typeof DiagramSchema>;
const _modelFitsSchema = (d: DiagramModel): SchemaDiagram => d;
const _schemaFitsModel = (d: SchemaDiagram): DiagramModel => d;
void _modelFitsSchema;
void _schemaFitsModel;

export const ExportFormatSchema = z.enum(['svg', 'png']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** Host → webview. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('model'), diagram: DiagramSchema, version: z.number().int(), document: z.string().max(MAX_TEXT).optional() }),
  z.object({ type: z.literal('highlight'), name: name.nullable() }),
  z.object({ type: z.literal('zoneLoss'), zone: name.nullable() }),
  z.object({ type: z.literal('requestExport'), format: ExportFormatSchema }),
  /** Show only this element and its direct neighbours; null shows everything again. */
  z.object({ type: z.literal('focus'), name: name.nullable() }),
  /** A simulated instant drawn over the diagram (the timeline's current step); null clears it. */
  z.object({ type: z.literal('simState'), overlay: SimOverlaySchema.nullable() }),
  /** Instead of a model: why there is nothing to draw (too large, or the diagram could not be built). */
  z.object({ type: z.literal('notice'), text }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

/** Webview → host. `exported.data` is the SVG text, or for PNG a `data:image/png;base64,…` URL. */
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('reveal'), name }),
  z.object({ type: z.literal('exported'), format: ExportFormatSchema, data: z.string().max(50_000_000) }),
  /** The toolbar's "Simulate…": the host asks which scenario to run. */
  z.object({ type: z.literal('simulate') }),
  z.object({ type: z.literal('error'), message: text }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

/** What the webview keeps in `getState/setState` (and the serializer restores). */
export const WebviewStateSchema = z.object({
  uri: z.string().max(MAX_TEXT).optional(),
  viewport: z.object({ x: z.number(), y: z.number(), k: z.number().positive() }).optional(),
  /** True once the user panned or zoomed: until then the diagram follows the panel's size (fit). */
  adjusted: z.boolean().optional(),
  /** The document the viewport belongs to: another document starts fitted. */
  document: z.string().max(MAX_TEXT).optional(),
  zoneLoss: name.nullable().optional(),
  /** Container ids the user collapsed to one box. */
  collapsed: z.array(name).max(MAX_ITEMS).optional(),
  /** The element shown with its neighbours only (focus mode). */
  focus: name.nullable().optional(),
});
export type WebviewState = z.infer<typeof WebviewStateSchema>;
export type Viewport = NonNullable<WebviewState['viewport']>;

/** Parses an arriving message; logs and returns undefined when it is not one of ours. */
export function parseHostMessage(data: unknown, log: (msg: string) => void = console.warn): HostMessage | undefined {
  const r = HostMessageSchema.safeParse(data);
  if (!r.success) {
    log(`faultline diagram: dropped an invalid message from the extension: ${r.error.issues[0]?.message ?? 'invalid'}`);
    return undefined;
  }
  return r.data;
}

export function parseWebviewMessage(data: unknown, log: (msg: string) => void = console.warn): WebviewMessage | undefined {
  const r = WebviewMessageSchema.safeParse(data);
  if (!r.success) {
    log(`faultline diagram: dropped an invalid message from the webview: ${r.error.issues[0]?.message ?? 'invalid'}`);
    return undefined;
  }
  return r.data;
}
