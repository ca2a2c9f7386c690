import * as z from 'zod';

// zod compiles fast parsers with `new Function` when it may; the webview's CSP forbids eval, and zod's probe for
// it would be reported as a CSP violation. Imported before any schema is built, so the probe never runs.
z.config({ jitless: true });
