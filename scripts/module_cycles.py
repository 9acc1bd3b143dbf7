#!/usr/bin/env python3
"""Finds import cycles between the modules of each crate, and non-test files over a size limit.

A module's edges are the `crate::a::b` paths it names (in `use` lines and inline) and the
`super::x` paths; `mod tests` blocks and files under tests/ or benches/ are left out of the
graph. Every source file counts whole (its tests too) for the size limit. Prints every cycle and every oversized file, and exits
non-zero when there is one. Usage: python3 scripts/module_cycles.py [--max-lines 600]
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_of(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("lib", "main", "mod"):
        parts = parts[:-1]
    return tuple(parts)


def without_tests(text: str) -> str:
    """The file's text up to its `#[cfg(test)] mod tests` block."""
    m = re.search(r"#\[cfg\(test\)\]\s*mod tests", text)
    return text[: m.start()] if m else text


def edges(src: Path) -> dict:
    modules = {module_of(src, f): f for f in src.rglob("*.rs")}
    graph = {m: set() for m in modules}
    for m, f in modules.items():
        text = without_tests(f.read_text(encoding="utf-8"))
        paths = []
        for path in re.findall(r"\bcrate((?:::[A-Za-z_][A-Za-z0-9_]*)+)", text):
            paths.append(tuple(p for p in path.split("::") if p))
        for path in re.findall(r"\bsuper((?:::[A-Za-z_][A-Za-z0-9_]*)+)", text):
            # super:: from a file module `a::b` names items of `a`.
            paths.append(m[:-1] + tuple(p for p in path.split("::") if p))
        # `use crate::{a, b::c}` groups.
        for group in re.findall(r"\bcrate::\{([^}]*)\}", text):
            for item in group.split(","):
                item = item.strip()
                if item:
                    paths.append(tuple(p for p in item.split("::") if p and p != "self"))
        for p in paths:
            # The longest prefix that is a module; the crate root counts as a module too.
            target = ()
            for i in range(len(p), 0, -1):
                if p[:i] in modules:
                    target = p[:i]
                    break
            if target == m or (len(m) > len(target) and m[: len(target)] == target and target):
                continue  # itself, or an ancestor's item reached through its own path
            if target == () and m != ():
                if len(p) >= 1:
                    graph[m].add(())
                continue
            graph[m].add(target)
    # A parent declaring its children (`mod x;`) is not an import.
    return graph


def cycles(graph: dict) -> list:
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def main() -> int:
    max_lines = 600
    if "--max-lines" in sys.argv:
        max_lines = int(sys.argv[sys.argv.index("--max-lines") + 1])
    bad = 0
    for crate in sorted((ROOT / "crates").iterdir()):
        src = crate / "src"
        if not src.is_dir():
            continue
        for comp in cycles(edges(src)):
            names = ["::".join(m) or "(crate root)" for m in comp]
            print(f"{crate.name}: import cycle between {', '.join(sorted(names))}")
            bad += 1
        for f in sorted(src.rglob("*.rs")):
            n = len(f.read_text(encoding="utf-8").splitlines())
            if n > max_lines:
                print(f"{f.relative_to(ROOT)}: {n} lines (limit {max_lines})")
                bad += 1
    if bad == 0:
        print(f"no import cycle inside any crate; no source file over {max_lines} lines")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
