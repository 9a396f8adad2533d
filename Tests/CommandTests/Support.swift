import Foundation
import Testing
@_exported import TestSupport

/// Runs the real `versus` binary in a child process, with a wall-clock limit, as CI and users do.
struct Versus {
    static var binary: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("versus")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.appendingPathComponent(".build/debug/versus")
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        var timedOut: Bool
    }

    static func run(_ arguments: [String], in directory: URL, timeout: Double = 20, executable: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let start = Date()
        try process.run()
        // Drain the pipes while waiting, so a chatty child cannot block on a full pipe.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                process.terminate()
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        group.wait()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self), seconds: Date().timeIntervalSince(start), timedOut: timedOut)
    }
}

/// A project folder in /tmp with a copy of the default templates.
struct Project {
    let root: URL

    init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("versus-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates")
        try FileManager.default.copyItem(at: templates, to: root.appendingPathComponent("templates"))
        for (path, text) in files { try write(text, to: path) }
    }

    func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    func write(_ data: Data, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }

    func run(_ arguments: String..., timeout: Double = 20) throws -> Versus.Outcome {
        try Versus.run(arguments, in: root, timeout: timeout)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Every file below `path` with its bytes: compared before and after to prove nothing was touched.
    func snapshot(_ path: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let base = url(path)
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return result }
        while let relative = enumerator.nextObject() as? String {
            let full = base.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full.path, isDirectory: &isDirectory)
            result[relative] = isDirectory.boolValue ? Data("<dir>".utf8) : (try? Data(contentsOf: full)) ?? Data("<unreadable>".utf8)
        }
        return result
    }
}

enum Documents {
    static let good = """
    # Alpha vs Beta

    ## Key Differences

    ### Speed

    - **Alpha**: fast
    - **Beta**: slow
    """

    static let withWarning = """
    # Alpha vs Beta

    ## Key Differences

    ### Speed

    - **Alpha**: fast
    """
}

