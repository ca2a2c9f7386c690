// Run by watchdog.test.ts in a child: a budgeted case that never returns.
import { withinBudget } from './kit';

withinBudget(100, 'a case that spins', () => {
  for (;;);
}, 'service spins { replicas 3 }');
