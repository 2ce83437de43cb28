// Every problem of a stack file, each naming the key, the bad value and the fix.

export interface ConfigProblem {
  /** Full key path as the operator writes it, e.g. `wire-backend:network.cidr`. */
  key: string;
  /** The offending value (undefined when the key is missing). */
  value: unknown;
  /** What is wrong and what would be valid, without the key. */
  message: string;
}

/** Secret values are never printed, not even in an error. */
export const SECRET_PLACEHOLDER = "[secret]";

export function renderValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatProblem(p: ConfigProblem): string {
  return p.value === undefined ? `${p.key}: ${p.message}` : `${p.key}: ${renderValue(p.value)} ${p.message}`;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[], source = "the stack file") {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    super(`${problems.length} problem${problems.length === 1 ? "" : "s"} in ${source}:\n${lines.join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}
