import { resolve } from 'node:path';
import { checkText } from '../../analyzers/check';
import { drawnNodeCount, toDiagram } from '../../analyzers/diagram/to-diagram';
import { layoutDiagram } from '../../diagram/layout';
import type { ArchModel } from '../../language/model/types';
import { tooLargeToDraw, tooManyNodesToDraw } from '../../diagram/model';
import { renderSvg } from '../../diagram/render-svg';
import { CliError, EXIT_OK } from '../errors';
import { readSource } from '../files';
import type { CliIo } from '../io';
import { writeFileAtomic } from '../write-file';

export interface DiagramCommandOptions {
  out?: string;
}

/**
 * `faultline diagram FILE [--out FILE.svg]`: the same diagram the editor shows (elkjs layout, escaped labels,
 * diagnostics as badges), as a standalone SVG with its own stylesheet — for docs and pull requests.
 * Without `--out` the SVG goes to stdout.
 */
export async function runDiagram(file: string, options: DiagramCommandOptions, io: CliIo): Promise<number> {
  const source = await readSource(resolve(io.cwd, file), io.cwd);
  // Too many elements is known once the model is built: said then, not after every rule has run on a huge file.
  const refuse = (model: ArchModel) => {
    const tooMany = tooManyNodesToDraw(drawnNodeCount(model));
    if (tooMany) throw new CliError(`cannot draw '${source.display}': ${tooMany}`);
  };
  const { model, diagnostics } = checkText(source.text, { beforeRules: refuse });
  // One diagram model for the size check and the drawing: what renderDiagramSvg does, without building it twice.
  const diagram = toDiagram(model, diagnostics);
  const tooLarge = tooLargeToDraw(diagram);
  if (tooLarge) throw new CliError(`cannot draw '${source.display}': ${tooLarge}`);
  const svg = `${renderSvg(diagram, await layoutDiagram(diagram), { standalone: true })}\n`;
  if (!options.out) {
    io.stdout.write(svg.endsWith('\n') ? svg : `${svg}\n`);
    return EXIT_OK;
  }
  // Atomic like fmt and --fix: an interrupted write leaves the old SVG whole (writeFileAtomic's errors are one line).
  await writeFileAtomic(resolve(io.cwd, options.out), svg, options.out);
  io.stderr.write(`faultline: wrote ${options.out} (${model.elements.size} elements)\n`);
  return EXIT_OK;
}
