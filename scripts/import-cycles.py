#!/usr/bin/env python3
"""Module import graph of a Rust crate (use crate::..., super::...) and its cycles (SCCs).

Usage: python3 scripts/import-cycles.py SRC_DIR [-v]. Exit status 1 when there is a cycle."""
import os, re, sys
from collections import defaultdict
root = sys.argv[1]  # src dir
mods = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if not f.endswith('.rs'): continue
        p = os.path.join(d, f); rel = os.path.relpath(p, root)[:-3]
        parts = rel.split(os.sep)
        if parts[-1] in ('mod', 'lib', 'main'): parts = parts[:-1]
        mods['::'.join(parts)] = p
names = set(mods)
def resolve(path_parts):
    # longest prefix that is a module
    for i in range(len(path_parts), 0, -1):
        m = '::'.join(path_parts[:i])
        if m in names: return m
    return None
graph = defaultdict(set)
for m, p in mods.items():
    src = open(p).read()
    src = re.sub(r'#\[cfg\(test\)\]\s*mod tests\s*\{.*', '', src, flags=re.S)
    # Comments (doc links included) are not imports.
    src = re.sub(r'//[^\n]*', '', src)
    me = m.split('::') if m else []
    is_dir = os.path.basename(p) in ('mod.rs','lib.rs','main.rs')
    for mt in re.finditer(r'\b(crate|super)((?:::\w+)+)', src):
        kind, rest = mt.group(1), mt.group(2).strip(':').split('::')
        if kind == 'crate': base = []
        else:
            base = me if is_dir else me[:-1]
            base = base[:-1] if False else base
            # super from file module x::y -> x ; from dir module x/mod.rs -> parent of x
            base = (me[:-1] if not is_dir else me[:-1])
        # handle super::super
        while rest and rest[0] == 'super':
            base = base[:-1]; rest = rest[1:]
        t = resolve(base + rest)
        if t is not None and t != m and not m.startswith(t + '::') and not (t == ''):
            graph[m].add(t)
    # use crate::{a, b::c}
    for mt in re.finditer(r'use crate::\{([^;]*)\};', src, flags=re.S):
        for item in re.split(r',', mt.group(1)):
            item = item.strip().split('::')
            item = [x.strip('{} \n') for x in item if x.strip('{} \n')]
            if not item: continue
            t = resolve(item)
            if t and t != m and not m.startswith(t + '::'): graph[m].add(t)
# Tarjan
idx = {}; low = {}; st = []; on = set(); sccs = []; c = [0]
sys.setrecursionlimit(10000)
def sc(v):
    idx[v] = low[v] = c[0]; c[0] += 1; st.append(v); on.add(v)
    for w in graph[v]:
        if w not in idx: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], idx[w])
    if low[v] == idx[v]:
        comp = []
        while True:
            w = st.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: sccs.append(sorted(comp))
for v in list(mods):
    if v not in idx: sc(v)
print(f"{len(mods)} modules, {sum(len(v) for v in graph.values())} edges, {len(sccs)} cycles")
for s in sccs: print(len(s), s)
if "-v" in sys.argv:
    for m in sorted(graph): print(m, '->', sorted(graph[m]))
sys.exit(1 if sccs else 0)
