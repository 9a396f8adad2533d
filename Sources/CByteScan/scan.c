#include "CByteScan.h"
#include <string.h>

typedef uint8_t bytes16 __attribute__((vector_size(16)));

static inline bytes16 load16(const uint8_t *bytes) {
    bytes16 block;
    memcpy(&block, bytes, 16);
    return block;
}

// Whether any lane of a comparison's result is set (lanes are 0 or 0xFF).
static inline int any_lane(bytes16 lanes) {
    uint64_t low, high;
    memcpy(&low, &lanes, 8);
    memcpy(&high, (const uint8_t *)&lanes + 8, 8);
    return (low | high) != 0;
}

static inline int html_escapes(uint8_t byte, uint8_t fifth) {
    return byte == '&' || byte == '<' || byte == '>' || byte == '"' || byte == fifth;
}

size_t versus_html_find_escape(const uint8_t *bytes, size_t count, int apostrophe) {
    // Without `'`, asking for `&` twice asks for nothing more.
    const uint8_t fifth = apostrophe ? '\'' : '&';
    size_t offset = 0;
    while (offset + 16 <= count) {
        bytes16 block = load16(bytes + offset);
        bytes16 hits = (bytes16)((block == '&') | (block == '<') | (block == '>') | (block == '"') | (block == fifth));
        if (any_lane(hits)) break;
        offset += 16;
    }
    while (offset < count && !html_escapes(bytes[offset], fifth)) offset++;
    return offset;
}

static inline int json_escapes(uint8_t byte) {
    return byte < 0x20 || byte == '"' || byte == '\\';
}

size_t versus_json_find_escape(const uint8_t *bytes, size_t count) {
    size_t offset = 0;
    while (offset + 16 <= count) {
        bytes16 block = load16(bytes + offset);
        bytes16 hits = (bytes16)((block < 0x20) | (block == '"') | (block == '\\'));
        if (any_lane(hits)) break;
        offset += 16;
    }
    while (offset < count && !json_escapes(bytes[offset])) offset++;
    return offset;
}

int versus_contains_run(const uint8_t *bytes, size_t count, uint8_t byte, size_t length) {
    const uint8_t *end = bytes + count;
    const uint8_t *at = bytes;
    while ((size_t)(end - at) >= length) {
        at = memchr(at, byte, (size_t)(end - at));
        if (at == NULL || (size_t)(end - at) < length) return 0;
        size_t run = 1;
        while (run < length && at[run] == byte) run++;
        if (run == length) return 1;
        at += run;
    }
    return 0;
}
