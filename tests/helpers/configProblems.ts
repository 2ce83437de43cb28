// The problems a ConfigError lists, from a call that must throw one (a stack file's, size's or plan's).
import { ConfigError } from "../../config/errors";

export function problemsOf(run: () => unknown): ConfigError["problems"] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}
