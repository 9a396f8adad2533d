#!/usr/bin/env python3
"""Sums callgrind_annotate listings of several dump parts (callgrind_control -d splits a run into
callgrind.out.1, callgrind.out.2, ...; the final part is callgrind.out) and prints the top N functions.

    merge_annotate.py TOP part1.txt part2.txt ...   (each: callgrind_annotate output, demangled)
"""
import re
import sys

top = int(sys.argv[1])
# Frames that were on a stack when a part was dumped show their whole subtree as "self" cost in the
# next part's exclusive listing; they are thread and call-chain roots, never real work: skip them.
ROOTS = re.compile(r"clone\.S|start_thread|_dispatch_worker_thread|below main|libc_start|versus_main|"
                   r"ParsableCommand\.run|BuildCommand\.run|Console\.run|SiteBuild\.run\(\)|dispatch_apply|"
                   r"concurrentPerform|_dispatch_client_callout|^0x0000")
exclusive = "--exclusive" in sys.argv
args = [a for a in sys.argv[2:] if a != "--exclusive"]
totals, funcs = 0, {}
line_re = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$")
for path in args:
    for line in open(path, errors="replace"):
        m = line_re.match(line)
        if not m:
            continue
        count, name = int(m.group(1).replace(",", "")), m.group(2)
        if name.startswith("PROGRAM TOTALS"):
            totals += count
            continue
        name = re.sub(r"^\?\?\?:", "", name)
        if exclusive and ROOTS.search(name):
            continue
        funcs[name] = funcs.get(name, 0) + count
print("%15s %7s  %s" % ("Ir", "%", "function [object]"))
print("%15s %7s  %s" % ("{:,}".format(totals), "100.0", "PROGRAM TOTALS"))
for name, count in sorted(funcs.items(), key=lambda kv: -kv[1])[:top]:
    print("%15s %6.1f%%  %s" % ("{:,}".format(count), 100.0 * count / totals, name[:160]))
