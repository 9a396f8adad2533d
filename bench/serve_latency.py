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


HUGO_CONFIG = """baseURL = "http://localhost/"
title = "bench"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
HUGO_SINGLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>
{{ .Content }}
</main></body></html>
"""
HUGO_LIST = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
"""


def edit_loop(page, write, label, server_pid):
    latencies = []
    for edit in range(EDITS):
        marker = f"marker-{edit}-{time.time_ns()}"
        time.sleep(0.5)  # let the previous rebuild settle: each edit is measured alone
        written = time.monotonic()
        write(marker)
        deadline = written + 60
        while marker not in fetch(page):
            if time.monotonic() > deadline:
                raise SystemExit(f"{label}: the page never showed {marker}")
            time.sleep(0.002)
        latencies.append((time.monotonic() - written) * 1000)
    print(f"{label} edit-to-page: median {statistics.median(latencies):.0f} ms "
          f"(min {min(latencies):.0f}, max {max(latencies):.0f}) over {EDITS} edits; "
          f"peak memory {peak_memory_kib(server_pid) / 1024:.0f} MiB")


def measure_hugo(root):
    """The same corpus (with front matter, as Hugo needs) under `hugo server` in its default Fast Render mode."""
    site = os.path.join(root, "hugo")
    os.makedirs(os.path.join(site, "layouts", "_default"))
    subprocess.run([sys.executable, GENERATOR, str(N), os.path.join(site, "content"), "--hugo"], check=True,
                   stdout=subprocess.DEVNULL)
    for path, text in (("config.toml", HUGO_CONFIG), ("layouts/_default/single.html", HUGO_SINGLE),
                       ("layouts/_default/list.html", HUGO_LIST)):
        with open(os.path.join(site, path), "w") as handle:
            handle.write(text)
    probe_path = os.path.join(site, "content", "probe.md")

    def write(marker):
        with open(probe_path, "w") as handle:
            handle.write(f"---\ntitle: Probe\n---\n\n{marker}\n")

    write("initial")
    started = time.monotonic()
    server = subprocess.Popen(["hugo", "server", "--port", "18313", "--bind", "127.0.0.1"],
                              cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = "http://127.0.0.1:18313/probe/"
    try:
        while "initial" not in fetch(page):
            if time.monotonic() - started > 300:
                raise SystemExit("hugo server never served the probe")
            time.sleep(0.01)
        print(f"hugo server start-up (to the first page): {time.monotonic() - started:.2f} s")
        edit_loop(page, write, "hugo server", server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


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
        page = url + "compare/probe/"  # the page's path comes from the file name
        while "initial" not in fetch(page):
            if time.monotonic() - started > 300:
                raise SystemExit("versus serve never served the probe")
            time.sleep(0.002)
        startup_seconds = time.monotonic() - started

        print(f"documents: {N + 1}")
        print(f"versus build: {build_seconds:.2f} s")
        print(f"versus serve start-up (to the first page): {startup_seconds:.2f} s")

        def write(marker):
            with open(probe_path, "w") as handle:
                handle.write(probe(marker))

        edit_loop(page, write, "versus serve", server.pid)
        server.terminate()
        server.wait(timeout=30)
        if shutil.which("hugo") and not os.environ.get("SKIP_HUGO"):
            measure_hugo(root)
        else:
            print("hugo server: not measured (not installed, or SKIP_HUGO set)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
