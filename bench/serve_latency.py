#!/usr/bin/python3
"""Edit-to-page latency of `versus serve` (and `hugo server`, when installed) at N documents.

Usage: bench/serve_latency.py [N] [path/to/versus]     (default 10000, .build/release/versus)

Generates the benchmark corpus (shared bench/gen_corpus.py) plus one probe document, starts the
server, then 10 times: writes the probe with a new marker and polls its page (every 2 ms) until the
marker is served. Prints the median and range, the server's start-up time (to its first answer) and
its peak memory (VmHWM), next to `versus build`'s time for the same corpus.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(HERE)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
VERSUS = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPOSITORY, ".build/release/versus"))
GENERATOR = next(p for p in (os.path.join(HERE, "gen_corpus.py"), "/work/shared/bench/gen_corpus.py") if os.path.exists(p))
EDITS = 10


def probe(marker):
    return f"""# Probe Alpha vs Probe Beta

## Key Differences

### Speed

- **Probe Alpha**: {marker}
- **Probe Beta**: slow
"""


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except Exception:
        return ""


def peak_memory_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    root = tempfile.mkdtemp(prefix="versus-serve-bench-")
    try:
        content = os.path.join(root, "content")
        subprocess.run([sys.executable, GENERATOR, str(N), content], check=True, stdout=subprocess.DEVNULL)
        shutil.copytree(os.path.join(REPOSITORY, "templates"), os.path.join(root, "templates"))
        probe_path = os.path.join(content, "probe.md")
        with open(probe_path, "w") as handle:
            handle.write(probe("initial"))

        started = time.monotonic()
        subprocess.run([VERSUS, "build", "--output", os.path.join(root, "_site")], cwd=root, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        build_seconds = time.monotonic() - started

        started = time.monotonic()
        server = subprocess.Popen([VERSUS, "serve", "--port", "0"], cwd=root, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        url = None
        for line in server.stdout:
            match = re.search(r"serving (http://\S+)", line)
            if match:
                url = match.group(1)
                break
        page = url + "compare/probe-alpha-vs-probe-beta/"
        while "initial" not in fetch(page):
            time.sleep(0.002)
        startup_seconds = time.monotonic() - started

        latencies = []
        for edit in range(EDITS):
            marker = f"marker-{edit}-{time.time_ns()}"
            time.sleep(0.5)  # let the previous rebuild settle: each edit is measured alone
            written = time.monotonic()
            with open(probe_path, "w") as handle:
                handle.write(probe(marker))
            deadline = written + 60
            while marker not in fetch(page):
                if time.monotonic() > deadline:
                    raise SystemExit(f"the page never showed {marker}")
                time.sleep(0.002)
            latencies.append((time.monotonic() - written) * 1000)
        memory = peak_memory_kib(server.pid)
        server.terminate()
        server.wait(timeout=30)

        print(f"documents: {N + 1}")
        print(f"versus build: {build_seconds:.2f} s")
        print(f"versus serve start-up (to the first page): {startup_seconds:.2f} s")
        print(f"versus serve edit-to-page: median {statistics.median(latencies):.0f} ms "
              f"(min {min(latencies):.0f}, max {max(latencies):.0f}) over {EDITS} edits")
        print(f"versus serve peak memory: {memory / 1024:.0f} MiB")
        if not shutil.which("hugo"):
            print("hugo server: not installed; not measured")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
