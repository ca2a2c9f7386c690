// Placeholder type until the config module lands (owned by the CLI work): severities per rule and limits.
export interface FaultlineConfig {
  rules?: Record<string, 'off' | 'error' | 'warning' | 'info'>;
  amplificationLimit?: number;
}
