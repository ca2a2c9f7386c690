import { access, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, parseConfig, type FaultlineConfig } from '../analyzers/config';
import { CliError, cannotRead } from './errors';
import { displayPath } from './files';

export interface LoadedConfig {
  config?: FaultlineConfig;
  /** Absolute path of the file it came from, when there is one. */
  path?: string;
}

/** `--config FILE`, else the nearest `faultline.json` from the working directory up; none is fine. */
export async function loadConfig(option: string | undefined, cwd: string): Promise<LoadedConfig> {
  const path = option !== undefined ? resolve(cwd, option) : await findUp(CONFIG_FILE_NAME, cwd);
  if (!path) return {};
  const shown = displayPath(path, cwd);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw cannotRead(shown, error);
  }
  const result = parseConfig(text, shown);
  if ('error' in result) throw new CliError(result.error);
  return { config: result.config, path };
}

async function findUp(name: string, from: string): Promise<string | undefined> {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, name);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // not here: keep walking up
    }
    if (dirname(dir) === dir) return undefined;
  }
}
