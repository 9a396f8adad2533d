/// The language of a document that does not say (`lang`), guessed from its script: Japanese, Korean,
/// Chinese, Russian, Greek, Arabic, Hebrew, Thai or Hindi when most of its letters are written in that
/// script; `nil` (the site's language) otherwise. A script says little about the language among those
/// that share it (Cyrillic is also Ukrainian and Bulgarian): `lang` in front matter always wins.
enum ScriptLanguage {
    enum Script: CaseIterable {
        case latin, han, kana, hangul, cyrillic, greek, arabic, hebrew, thai, devanagari
    }

    /// Counts letters over the raw bytes (front matter, Markdown and all): markup and URLs are ASCII
    /// and add to the Latin count, which only makes the guess more careful. A document that is all
    /// ASCII, as most are, costs one scan for a byte at or above 0x80.
    static func dominant(in bytes: [UInt8]) -> String? {
        guard containsNonASCII(bytes) else { return nil }
        var counts = [Script: Int]()
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if let script = script(of: scalar) { counts[script, default: 0] += 1 }
        }
        // One CJK character carries about a word: weigh them like the letters of a short Latin word.
        let cjk = (counts[.han] ?? 0) + (counts[.kana] ?? 0) + (counts[.hangul] ?? 0)
        let latin = counts[.latin] ?? 0
        let alphabetic: [(Script, String)] = [(.cyrillic, "ru"), (.greek, "el"), (.arabic, "ar"), (.hebrew, "he"),
                                              (.thai, "th"), (.devanagari, "hi")]
        if cjk * 3 > latin {
            // Kana only in Japanese, Hangul only in Korean; Han alone is Chinese.
            let kana = counts[.kana] ?? 0, hangul = counts[.hangul] ?? 0
            if hangul >= kana && hangul * 4 >= cjk { return "ko" }
            if kana * 10 >= cjk { return "ja" }
            return "zh"
        }
        for (script, language) in alphabetic where (counts[script] ?? 0) > latin { return language }
        return nil
    }

    /// `bytes.contains { $0 >= 0x80 }`, eight bytes at a time: every document without `lang` is scanned,
    /// and a closure per byte cost about five instructions a byte.
    static func containsNonASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = 0
            while index + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
                index += 8
            }
            while index < raw.count {
                if raw[index] >= 0x80 { return true }
                index += 1
            }
            return false
        }
    }

    static func script(of scalar: Unicode.Scalar) -> Script? {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: return .latin
        case 0x370...0x3FF: return .greek
        case 0x400...0x52F: return .cyrillic
        case 0x590...0x5FF: return .hebrew
        case 0x600...0x6FF, 0x750...0x77F: return .arabic
        case 0x900...0x97F: return .devanagari
        case 0xE00...0xE7F: return .thai
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .hangul
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return .kana
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return .han
        default: return nil
        }
    }
}
