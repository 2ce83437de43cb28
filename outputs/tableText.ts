// Text for cli-table3 cells that must show whole: a long word is broken, not cut.

/**
 * cli-table3 wraps at spaces and cuts a word longer than its cell with "…": a host name or URL would
 * lose its end. Such words are broken onto several lines instead, after a `.`, `/`, `:` or `-` where one
 * falls within the cell, so that every character still shows.
 */
export function breakLongWords(text: string, width: number): string {
  return text
    .split(" ")
    .map((word) => {
      const lines: string[] = [];
      let rest = word;
      while (rest.length > width) {
        const head = rest.slice(0, width);
        const cut = Math.max(...[".", "/", ":", "-"].map((c) => head.lastIndexOf(c)));
        const at = cut >= width / 2 ? cut + 1 : width;
        lines.push(rest.slice(0, at));
        rest = rest.slice(at);
      }
      return [...lines, rest].join("\n");
    })
    .join(" ");
}
