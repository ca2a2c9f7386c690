import { ruleTester } from '../test-kit';
import { noOrchestrator } from './no-orchestrator';

const services = `service coordinator {}\nservice payments {}\n`;

ruleTester(noOrchestrator, {
  valid: [
    services + `saga checkout {\n  style orchestration\n  orchestrator coordinator\n  step charge { action payments.charge }\n}`,
    { name: 'choreography needs none', code: services + `saga checkout {\n  style choreography\n  step charge { action payments.charge }\n}` },
    { name: 'no style', code: services + `saga checkout { step charge { action payments.charge } }` },
  ],
  invalid: [
    {
      code: services + `saga checkout {\n  style orchestration\n  step charge { action payments.charge }\n}`,
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 22, message: 'is `style orchestration` with 1 step but no `orchestrator`', severity: 'error' }],
    },
    {
      code: services + `saga checkout { style orchestration; step a { action payments.charge }; step b { action payments.capture } }`,
      errors: [{ line: 3, column: 17, message: 'with 2 steps' }],
    },
  ],
});
