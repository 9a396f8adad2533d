#!/usr/bin/env python3
"""Sizes of a built Versus site, for BENCHMARKS.md (issue 15): the largest HTML page, how many pages
pass 1 MB, and what the quick find's first query downloads (search/index.json plus the largest shard,
gzip -9 compressed, the worst case for any one-word query).

Usage: site_sizes.py SITE_DIR   -> key=value lines on stdout.
"""
import gzip
import json
import os
import sys

site = sys.argv[1]
largest, largest_path, over, pages = 0, "-", 0, 0
for folder, _, files in os.walk(site):
    for name in files:
        if name.endswith(".html"):
            path = os.path.join(folder, name)
            size = os.path.getsize(path)
            pages += 1
            over += size > 1_000_000
            if size > largest:
                largest, largest_path = size, os.path.relpath(path, site)
print("pages=%d" % pages)
print("largest_page_bytes=%d" % largest)
print("largest_page=%s" % largest_path)
print("pages_over_1mb=%d" % over)
manifest_path = os.path.join(site, "search", "index.json")
if os.path.exists(manifest_path):
    raw = open(manifest_path, "rb").read()
    manifest = json.loads(raw)
    shard_gzip = []
    total = len(raw)
    for key, number, count, partial in manifest["shards"]:
        body = open(os.path.join(site, "search", "%d.json" % number), "rb").read()
        total += len(body)
        shard_gzip.append(len(gzip.compress(body, 9)))
    print("search_shards=%d" % len(shard_gzip))
    print("search_bytes=%d" % total)
    print("search_manifest_gzip=%d" % len(gzip.compress(raw, 9)))
    print("search_largest_shard_gzip=%d" % max(shard_gzip))
    print("search_first_query_gzip=%d" % (len(gzip.compress(raw, 9)) + max(shard_gzip)))
