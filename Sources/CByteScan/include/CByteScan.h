// Byte searches sixteen bytes at a time for TextPrimitives (escaping HTML and JSON). Swift's SIMD
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

#endif
