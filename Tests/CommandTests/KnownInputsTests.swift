import Foundation
import Testing
@testable import SiteBuilder

/// A build on disk does not read a document the last build read when the document's `lstat` stamp is
/// still the one recorded (`InputStamps`); any change of its bytes, or a link in its place, is still seen.
@Suite struct KnownInputsTests {
    static func stamp(_ seconds: Int64, changed: Int64? = nil, inode: UInt64 = 7) -> InputStamp {
        InputStamp(device: 2049, inode: inode, size: 120, modified: (seconds, 5), changed: (changed ?? seconds, 9))
    }

    @Test func theTableReadsBackWhatWasWritten() throws {
        let nfc = "caf\u{E9}.md", nfd = "cafe\u{301}.md"
        #expect(nfc == nfd, "Swift compares the two names as equal; the table must not")
        let written: [(contentPath: String, known: KnownInput)] = [
            ("a b.md", KnownInput(stamp: Self.stamp(1_700_000_000), bytesHash: 0xFFFF_FFFF_FFFF_FFFF, holdsFence: true)),
            ("folder/line\nbreak.md", KnownInput(stamp: Self.stamp(5, inode: 8), bytesHash: 0, holdsFence: false)),
            (nfc, KnownInput(stamp: Self.stamp(6, inode: 9), bytesHash: 42, holdsFence: false)),
            (nfd, KnownInput(stamp: Self.stamp(7, inode: 10), bytesHash: 43, holdsFence: true)),
        ]
        let bytes = InputStamps.bytes(written)
        let table = try #require(InputStamps(parsing: bytes))
        #expect(table.count == 4)
        for (path, known) in written {
            #expect(table[path] == known, "\(path.debugDescription)")
        }
        #expect(table["folder/line"] == nil)
        #expect(table["a b.md "] == nil)
    }

    @Test func aDamagedTableIsNoTable() {
        let good = InputStamps.bytes([("d.md", KnownInput(stamp: Self.stamp(5), bytesHash: 0xABC, holdsFence: false))])
        #expect(InputStamps(parsing: good) != nil)
        var damaged: [[UInt8]] = [
            Array(good.dropLast()),                          // the path's newline cut off
            Array(good.dropLast(3)),                         // the path cut short
            Array("versus input stamps 2\n".utf8) + good.dropFirst(InputStamps.header.count),
        ]
        for (from, to) in [("abc", "xyz"), (" 4 d.md", " 9 d.md"), (" 4 d.md", " 99999999999999999999999 d.md"), (" 0 ", " 2 ")] {
            let text = String(decoding: good, as: UTF8.self)
            #expect(text.contains(from))
            damaged.append(Array(text.replacingOccurrences(of: from, with: to).utf8))
        }
        for bytes in damaged {
            #expect(InputStamps(parsing: bytes) == nil, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    @Test func aFileChangedWithinTwoSecondsOfBeingReadIsReadAgainNextTime() {
        // `stamp(_:)` puts the modification at nanosecond 5 and the change at nanosecond 9.
        #expect(!Self.stamp(998).isRacy(now: (1_000, 10)), "2 s and 5 ns before")
        #expect(Self.stamp(998).isRacy(now: (1_000, 5)), "exactly 2 s before: the same tick may follow")
        #expect(Self.stamp(998).isRacy(now: (1_000, 0)))
        #expect(Self.stamp(1_000).isRacy(now: (1_000, 500)))
        #expect(!Self.stamp(900).isRacy(now: (1_000, 500)))
        #expect(Self.stamp(900, changed: 999).isRacy(now: (1_000, 500)), "a change time moved by chmod or a rename counts too")
    }

    @Test func unchangedDocumentsAreNotReadAndEveryChangeIsStillSeen() throws {
        var files: [String: String] = ["site.yml": "title: Known\n"]
        for number in 0..<20 { files["content/d\(number).md"] = IncrementalBuildTests.document(number) }
        let project = try Project(files)
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("versus-known-secret-\(UUID().uuidString).md")
        defer { project.remove(); try? FileManager.default.removeItem(at: secret) }
        // Files changed in the two seconds before a build are read again by the next one (`isRacy`).
        Thread.sleep(forTimeInterval: 2.5)
        func build(_ label: String) throws -> (outcome: Versus.Outcome, known: Int) {
            let outcome = try project.run("build", "--output", "_site", "--timings", timeout: 60)
            #expect(outcome.status == 0, "\(label): \(outcome.stderr)")
            let line = outcome.stderr.split(separator: "\n").first { $0.hasSuffix("documents known unchanged since the last build, not read") }
            return (outcome, line.flatMap { Int($0.split(separator: " ")[2]) } ?? -1)
        }
        #expect(try build("first").known == 0)
        #expect(project.exists("._site.versus-inputs"), "the table beside the output")
        let again = try build("nothing changed")
        #expect(again.known == 20)
        #expect(again.outcome.stdout.contains("is up to date"))

        // An ordinary edit: only that document is read; the site is a full build's.
        try project.write(IncrementalBuildTests.document(0).replacingOccurrences(of: "Either, 0.", with: "Either, edited."), to: "content/d0.md")
        #expect(try build("edit").known == 19)
        try IncrementalBuildTests.buildBoth(project, "after an edit")

        // Bytes changed, size and modification time put back: the change time still moved.
        let path = project.url("content/d3.md").path
        var before = stat()
        #expect(stat(path, &before) == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("Delta on speed, 3"))
        try project.write(text.replacingOccurrences(of: "Delta on speed, 3", with: "DELTA ON SPEED, 3"), to: "content/d3.md")
        // To the nanosecond, as `touch -r` or `cp -p` would; size and modification time are then as recorded.
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        var after = stat()
        #expect(stat(path, &after) == 0 && after.st_size == before.st_size && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec
                && after.st_mtim.tv_sec == before.st_mtim.tv_sec)
        let sameSize = try build("same size, same modification time")
        #expect(sameSize.known <= 18, "d3 (and d0, written under two seconds before the last build) read")
        #expect(project.snapshot("_site").values.contains { String(decoding: $0, as: UTF8.self).contains("DELTA ON SPEED, 3") })
        try IncrementalBuildTests.buildBoth(project, "after a same-size edit")

        // A link put in place of a document the table knows is refused as before, never followed.
        Thread.sleep(forTimeInterval: 2.5)
        _ = try build("recorded again")
        try "# TOPSECRET vs Other\n".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: project.url("content/d5.md").path)
        try FileManager.default.createSymbolicLink(atPath: project.url("content/d5.md").path, withDestinationPath: secret.path)
        let linked = try project.run("build", "--output", "_site", timeout: 60)
        #expect(linked.stderr.contains("d5.md: warning: symbolic link skipped"), "\(linked.stderr)")
        #expect(!project.snapshot("_site").values.contains { String(decoding: $0, as: UTF8.self).contains("TOPSECRET") })
    }
}
