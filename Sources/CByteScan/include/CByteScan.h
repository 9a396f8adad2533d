// Byte searches for TextPrimitives: sixteen bytes at a time for escaping HTML and JSON, and a search
// for a run of one byte on glibc's vectorised `memchr` (its `memmem` is a byte-by-byte two-way search). Swift's SIMD
// types compiled these to a loop per lane (a build's instructions grew by a third); C vector
// extensions compile to one compare per byte asked for, on any architecture GCC and Clang target.
#ifndef VERSUS_CBYTESCAN_H
#define VERSUS_CBYTESCAN_H

#include <stddef.h>
#include <stdint.h>

// The offset of the first `&`, `<`, `>` or `"` (or `'` when `apostrophe`) in `bytes`, or `count`.
size_t versus_html_find_escape(const uint8_t *bytes, size_t count, int apostrophe);

// The offset of the first byte a JSON string escapes (below 0x20, `"` or `\`), or `count`.
size_t versus_json_find_escape(const uint8_t *bytes, size_t count);

// Whether `bytes` holds `length` (at least 1) consecutive copies of `byte`.
int versus_contains_run(const uint8_t *bytes, size_t count, uint8_t byte, size_t length);

#endif
