/*
 * Defaults of the configurable rule limits. A leaf module: `config/parse.ts` imports the registry (for rule ids),
 * which imports every rule, so a rule importing it for a default would close an import cycle. The rules and
 * `config/schema.ts` import from here instead. The value itself is a SPEC default, kept with the others in
 * language/model/defaults.ts.
 */

import { DEFAULTS } from '../../language/model/defaults';

/** Π(retry+1) above this along a call chain fires `retry/amplification` (SPEC §2); `amplificationLimit` overrides it. */
export const DEFAULT_AMPLIFICATION_LIMIT = DEFAULTS.amplificationLimit;
