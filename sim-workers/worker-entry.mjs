// The seed worker's entry when the code runs from its TypeScript sources (tests, through tsx): a worker thread does
// not inherit the parent's module hooks, so it registers tsx itself, then loads the TypeScript worker. The bundled
// CLI and language server start the same code from their entry points when they are loaded as a worker.
import { register } from 'tsx/esm/api';

register();
const { serveSeeds } = await import('./worker.ts');
serveSeeds();
