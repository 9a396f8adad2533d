import Diagnostics
import Foundation
import ParallelWork
import SiteRendering

/// Everything a build's output depends on, hashed: the Versus executable itself, the configuration,
/// the templates and assets, and every content file's path and bytes. When it equals the fingerprint
/// stored in the output by the last successful build (and the output still holds exactly the files that
/// build wrote, `OutputManifest`), the output is what this build would write, so the build is skipped
/// and its diagnostics replayed.
struct BuildFingerprint: Sendable {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    /// An FNV-1a-style mix over 8-byte words, then the tail byte by byte: stable across runs and
    /// machines, unlike `Hasher`, and fast enough to hash the whole content folder on every build.
    /// It detects changes; it is not a defence against someone crafting a collision in their own files.
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        add(length: bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            value ^= bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            value = value &* 0x0000_0100_0000_01B3
            value ^= value >> 29
            offset += 8
        }
        while offset < bytes.count {
            value ^= UInt64(bytes[offset])
            value = value &* 0x0000_0100_0000_01B3
            offset += 1
        }
    }

    mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { add($0) } }

    /// The fingerprint of `bytes` alone: what the table of known inputs keeps of a document (`InputStamps`).
    static func hash(of bytes: UnsafeRawBufferPointer) -> UInt64 {
        var fingerprint = BuildFingerprint()
        fingerprint.add(bytes)
        return fingerprint.value
    }
    mutating func add(_ data: Data) { data.withUnsafeBytes { add($0) } }
    mutating func add(_ text: String) { add(Array(text.utf8)) }
    mutating func add(_ other: BuildFingerprint) { add(String(other.value, radix: 16)) }

    /// The length goes in first so that ("ab", "c") and ("a", "bc") differ.
    private mutating func add(length: Int) {
        var count = UInt64(length)
        for _ in 0..<8 {
            value ^= count & 0xFF
            value = value &* 0x0000_0100_0000_01B3
            count >>= 8
        }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The site's fingerprint, and its parts: the fingerprint of everything but the content (what the
    /// pages are made with), the executable's, and each content file's (its paths and bytes), in the
    /// order of `inputs.sources.files`.
    static func parts(of inputs: BuildInputs, options: BuildOptions, executable: Data?, highlighter: [UInt8] = [])
        -> (site: BuildFingerprint, withoutContent: BuildFingerprint, executable: BuildFingerprint, files: [UInt64]) {
        var fingerprint = BuildFingerprint()
        fingerprint.add(highlighter)
        // A different build of Versus may render differently: the executable is part of the input.
        var executablePart = BuildFingerprint()
        if let executable {
            executablePart.add(executable)
        } else {
            executablePart.add(UUID().uuidString) // cannot tell: never up to date
        }
        fingerprint.add(executablePart)
        let config = inputs.config
        for setting in [config.title, config.description, config.baseURL ?? "<none>", config.language, "\(config.unsafeHTML)",
                        "\(config.sitemapLimits.urls) \(config.sitemapLimits.bytes)"] {
            fingerprint.add(setting)
        }
        // The configuration file's own bytes too: an unknown key changes the warnings, not the settings.
        fingerprint.add(options.configFile)
        // The build day changes which reviews are stale.
        fingerprint.add(options.buildDay.map { String($0) } ?? "<newest document date>")
        fingerprint.add(inputs.configBytes ?? Array("<no file>".utf8))
        fingerprint.add(options.templatesDirectory)
        for (name, text) in inputs.templates.sorted(by: { $0.key < $1.key }) {
            fingerprint.add(name)
            fingerprint.add(text)
        }
        for asset in inputs.assets {
            fingerprint.add(asset.path)
            fingerprint.add(asset.bytes)
        }
        for diagnostic in inputs.diagnostics { fingerprint.add(diagnostic.formatted) }
        let withoutContent = fingerprint
        let sources = inputs.sources
        for diagnostic in sources.diagnostics { fingerprint.add(diagnostic.formatted) }
        // Content is most of the bytes: each document's hash, made as it was read or known from the last
        // build's table without reading it (`InputStamps`), with its paths.
        let known = sources.known
        let perFile = Array(sources.files.indices).parallelMap { index -> BuildFingerprint in
            let source = sources.files[index]
            var part = BuildFingerprint()
            part.add(source.file.displayPath)
            part.add(source.file.contentPath)
            switch source.bytes {
            case .success(let bytes):
                let hash = index < known.count ? known[index]?.bytesHash : nil
                withUnsafeBytes(of: (hash ?? bytes.withUnsafeBytes { Self.hash(of: $0) }).littleEndian) { part.add($0) }
            case .failure(let diagnostic): part.add(diagnostic.formatted)
            }
            return part
        }
        for part in perFile { fingerprint.add(part) }
        for (file, stamp) in zip(sources.contentFiles, sources.contentFileStamps) {
            fingerprint.add(file.contentPath)
            fingerprint.add(stamp)
        }
        return (fingerprint, withoutContent, executablePart, perFile.map(\.value))
    }
}
