#!/usr/bin/env python3
"""Lists import circles between the modules of each crate in the workspace.

A module is a file (foo.rs or foo/mod.rs; lib.rs and main.rs are the crate
root). An edge a -> b means a's file names an item of b by path
(`crate::b::...`, `super::b::...`, `self::b::...` or a `use` of them). A
parent reaching into its child (the root declaring `mod b` and using it) is
the normal direction; a child naming an item of an ancestor is an edge too,
so a root that uses a child which uses the root is a circle. Prints each
circle (a strongly connected component of more than one module) and exits 1
if there is any. Usage: python3 scripts/module-cycles.py [CRATE_SRC...]
"""
import os
import re
import sys


def module_of(src_root, path):
    rel = os.path.relpath(path, src_root)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib", "main"):
        rel = rel[:-1]
    return tuple(rel)


def resolve(current, is_dir_module, path):
    """Turns a path written in `current` into the module it names (the
    longest known module prefix is chosen later)."""
    parts = path.split("::")
    if parts[0] == "crate":
        return tuple(parts[1:])
    base = list(current)
    # In foo.rs, `super` is foo's parent; in foo/mod.rs too.
    while parts and parts[0] in ("super", "self"):
        if parts[0] == "super":
            base = base[:-1]
        parts = parts[1:]
    return tuple(base + parts)


def expand_use(text):
    """Flattens `a::{b, c::{d, e}}` into a::b, a::c::d, a::c::e."""
    text = re.sub(r"\s+", "", text)
    out = []

    def walk(prefix, rest):
        if not rest.startswith("{"):
            out.append(prefix + rest)
            return
        depth, start, inner = 0, 1, rest[1:-1]
        parts, depth, cur = [], 0, ""
        for ch in inner:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
            else:
                cur += ch
        if cur:
            parts.append(cur)
        for part in parts:
            if "::{" in part:
                head, tail = part.split("::{", 1)
                walk(prefix + head + "::", "{" + tail)
            else:
                out.append(prefix + part)

    if "::{" in text:
        head, tail = text.split("::{", 1)
        walk(head + "::", "{" + tail)
    else:
        out.append(text)
    return out


def edges_of(src_root):
    files = {}
    for d, _, names in os.walk(src_root):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(d, name)
                files[module_of(src_root, path)] = path
    modules = set(files)
    edges = {m: set() for m in modules}
    for module, path in files.items():
        is_dir = os.path.basename(path) in ("mod.rs", "lib.rs", "main.rs")
        text = open(path, encoding="utf-8").read()
        # Tests inside a file may reach anywhere; they are not the layout.
        text = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0]
        paths = []
        for use in re.findall(r"\buse\s+((?:crate|super|self)[^;]*);", text):
            paths += expand_use(use)
        paths += re.findall(r"\b((?:crate|super)(?:::[A-Za-z_][A-Za-z0-9_]*)+)", text)
        for written in paths:
            target = resolve(module if is_dir else module[:-1] + (module[-1],), is_dir, written)
            if not is_dir and written.startswith("super"):
                # foo.rs's `super` is its parent module, as for foo/mod.rs.
                target = resolve(module, True, written)
            best = ()
            for length in range(len(target), -1, -1):
                if target[:length] in modules:
                    best = target[:length]
                    break
            if best != module and not (len(best) > len(module) and best[: len(module)] == module):
                edges[module].add(best)
    return edges


def circles(edges):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    sys.setrecursionlimit(10000)
    for v in edges:
        if v not in index:
            strong(v)
    return out


def main():
    roots = sys.argv[1:] or sorted(
        [os.path.join("crates", c, "src") for c in os.listdir("crates")] + ["src"]
    )
    found = 0
    for root in roots:
        for component in circles(edges_of(root)):
            found += 1
            names = ["::".join(m) or "(root)" for m in sorted(component)]
            print(f"{root}: {' <-> '.join(names)}")
    print(f"{found} import circle(s) in {len(roots)} crates")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
