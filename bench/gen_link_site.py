"""Deterministic site for timing link checkers: SECTIONS folders x 100 pages, ~66 references each.

Usage: python3 bench/gen_link_site.py OUT_DIR [SECTIONS=100]   (100 sections = 10,101 pages, 118 MB)
"""
import os, random, sys
root = sys.argv[1]; sections = int(sys.argv[2]) if len(sys.argv) > 2 else 100; per = 100
rng = random.Random(42)
os.makedirs(f"{root}/assets", exist_ok=True)
open(f"{root}/assets/style.css", "w").write("body{}\n")
open(f"{root}/assets/app.js", "w").write("//\n")
for n in ("logo.png", "logo-2x.png"):
    open(f"{root}/assets/{n}", "wb").write(b"PNG")
words = "comparison service model pricing latency region storage compute network identity".split()
def para():
    return " ".join(rng.choice(words) for _ in range(60))
with open(f"{root}/index.html", "w") as f:
    f.write("<!DOCTYPE html><html><head><title>Home</title></head><body>\n")
    for s in range(sections):
        f.write(f'<a href="s{s:02d}/">Section {s}</a>\n')
    f.write("</body></html>\n")
for s in range(sections):
    d = f"{root}/s{s:02d}"; os.makedirs(d, exist_ok=True)
    with open(f"{d}/index.html", "w") as f:
        f.write("<!DOCTYPE html><html><head><title>S</title></head><body>\n")
        for p in range(per):
            f.write(f'<a href="p{p:03d}.html">Page {p}</a>\n')
        f.write("</body></html>\n")
    for p in range(per):
        out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page</title>',
               '<link rel="stylesheet" href="../assets/style.css"><script src="/assets/app.js"></script></head><body>',
               '<nav><a href="../">Up</a> <a href="/">Home</a></nav>']
        for h in range(10):
            out.append(f'<h2 id="h-{h}">Heading {h}</h2><p>{para()}</p>')
            out.append(f'<img src="../assets/logo.png" srcset="../assets/logo.png 1x, ../assets/logo-2x.png 2x" alt="">')
        for k in range(30):
            ts, tp, th = rng.randrange(sections), rng.randrange(per), rng.randrange(10)
            out.append(f'<p><a href="../s{ts:02d}/p{tp:03d}.html#h-{th}">see {ts}/{tp}</a> {para()[:80]}</p>')
        out.append(f'<a href="#h-{rng.randrange(10)}">back</a> <a href="https://example.com/{s}/{p}">ext</a>')
        if rng.random() < 0.01:
            out.append('<a href="missing-page.html">broken</a><a href="p000.html#no-such-id">bad id</a>')
        out.append("</body></html>")
        open(f"{d}/p{p:03d}.html", "w").write("\n".join(out) + "\n")
