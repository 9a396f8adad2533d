import Foundation
import Testing

/// Disk full and read-only output, on a small tmpfs mounted for the test (CI runs as root;
/// `chmod` proves nothing for root). Without root these tests cannot mount and are not run.
@Suite(.enabled(if: getuid() == 0, "mounting a tmpfs needs root, as in CI"))
struct FileSystemFaultTests {
    func mount(_ options: String, at path: URL) throws {
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/mount")
        process.arguments = ["-t", "tmpfs", "-o", options, "tmpfs", path.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "mount failed")
    }

    func unmount(_ path: URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/umount")
        process.arguments = ["-l", path.path]
        try? process.run()
        process.waitUntilExit()
    }

    @Test func diskFullFailsWithStatusThreeAndKeepsTheOldSite() throws {
        var files = ["content/a.md": Documents.good]
        for index in 0..<60 { files["content/big-\(index).md"] = Documents.good + "\n\n" + String(repeating: "Filler text. ", count: 400) }
        let project = try Project(files)
        defer { project.remove() }
        let disk = project.url("disk")
        try mount("size=256k", at: disk)
        defer { unmount(disk) }
        try project.write("<p>old site</p>", to: "disk/site/index.html")
        try project.write("", to: "disk/site/.versus-site")
        let outcome = try project.run("build", "--output", "disk/site")
        #expect(outcome.status == 3, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("No space left on device"))
        #expect(try String(contentsOf: project.url("disk/site/index.html"), encoding: .utf8) == "<p>old site</p>")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: disk.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
    }

    @Test func readOnlyOutputFailsBeforeTouchingAnything() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        let disk = project.url("ro")
        try mount("size=1m", at: disk)
        defer { unmount(disk) }
        try project.write("<p>old site</p>", to: "ro/site/index.html")
        try project.write("", to: "ro/site/.versus-site")
        let remount = Process()
        remount.executableURL = URL(fileURLWithPath: "/bin/mount")
        remount.arguments = ["-o", "remount,ro", disk.path]
        try remount.run()
        remount.waitUntilExit()
        let before = project.snapshot("ro")
        let outcome = try project.run("build", "--output", "ro/site")
        #expect(outcome.status == 3, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("Read-only file system"))
        #expect(project.snapshot("ro") == before)
    }
}
