import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkText } from '../../analyzers/check';
import { renderDiagramSvg, toDiagram } from '../../analyzers/diagram/to-diagram';
import { tooLargeToDraw } from '../../diagram/model';
import { CliError, cannotWrite, EXIT_OK } from '../errors';
import { readSource } from '../files';
import type { CliIo } from '../io';

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
  const { model, diagnostics } = checkText(source.text);
  const tooLarge = tooLargeToDraw(toDiagram(model, diagnostics));
  if (tooLarge) throw new CliError(`cannot draw '${source.display}': ${tooLarge}`);
  const svg = await renderDiagramSvg(model, diagnostics);
  if (!options.out) {
    io.stdout.write(svg.endsWith('\n') ? svg : `${svg}\n`);
    return EXIT_OK;
  }
  try {
    await writeFile(resolve(io.cwd, options.out), svg);
  } catch (error) {
    throw cannotWrite(options.out, error);
  }
  io.stderr.write(`faultline: wrote ${options.out} (${model.elements.size} elements)\n`);
  return EXIT_OK;
}
