import Mocha from 'mocha';

/**
 * Entry point the extension host calls with `extensionTestsPath` (the same contract as @vscode/test-electron):
 * resolves when every test passed, rejects otherwise. Test files are imported after mocha has installed its
 * globals (`describe`, `it`), which is why they are loaded dynamically. FAULTLINE_GREP runs only the tests whose
 * names match it (a pattern, as mocha's --grep; some tests build on the ones before them, e.g. the timeline's on the
 * simulation's run).
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', ...(process.env.FAULTLINE_GREP ? { grep: process.env.FAULTLINE_GREP } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'faultline-integration', mocha);
  await import('./activation.test');
  await import('./language.test');
  await import('./diagram.test');
  await import('./diagram-server.test');
  await import('./simulation.test');
  await import('./responsive.test');
  const failures = await new Promise<number>((done) => mocha.run(done));
  console.log(`integration: ${mocha.suite.total() - failures} passed, ${failures} failed`);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
