#!/usr/bin/env python3
"""code_time.py RESULT.json RUNS OUTPUT NAME CMD... [-- NAME CMD...]: the median wall time of each command
over RUNS runs after one warm-up, the output folder (and Versus's files beside it) removed before each run."""
import glob, json, os, shutil, statistics, subprocess, sys, time

result, runs, output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
commands, current = [], []
for word in sys.argv[4:] + ["--"]:
    if word == "--":
        commands.append((current[0], current[1:]))
        current = []
    else:
        current.append(word)
medians = {}
for name, command in commands:
    times = []
    for run in range(runs + 1):
        shutil.rmtree(output, ignore_errors=True)
        parent, base = os.path.split(output.rstrip("/"))
        for leftover in glob.glob(os.path.join(parent, "." + base + ".versus-*")):
            shutil.rmtree(leftover, ignore_errors=True) if os.path.isdir(leftover) else os.remove(leftover)
        start = time.monotonic()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if run > 0:
            times.append(time.monotonic() - start)
    medians[name] = statistics.median(times)
    sys.stderr.write("%s: median %.3f s of %s\n" % (name, medians[name], ["%.3f" % t for t in times]))
json.dump(medians, open(result, "w"))
