import Foundation

/// A site written to a fresh temporary folder, removed when the value is dropped by the test.
final class TemporarySite {
    let path: String

    init(_ files: [String: String]) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("versus-linkcheck-\(UUID().uuidString)").path
        for (relative, content) in files {
            let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path).appendingPathComponent(relative))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
