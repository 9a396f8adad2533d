import Foundation
@testable import SiteBuilder
import ParallelWork
import Testing

/// Extraction hands each document's bytes to one iteration through a `Handover`, so they are freed
/// as soon as that document is extracted rather than at the end of the stage.
@Suite struct HandoverTests {
    final class Tracked: @unchecked Sendable {
        let value: Int
        let freed: Freed
        init(_ value: Int, _ freed: Freed) { self.value = value; self.freed = freed }
        deinit { freed.mark(value) }
    }

    final class Freed: @unchecked Sendable {
        private let lock = NSLock()
        private var values: Set<Int> = []
        func mark(_ value: Int) { lock.withLock { _ = values.insert(value) } }
        var all: Set<Int> { lock.withLock { values } }
    }

    @Test func aTakenElementIsNoLongerHeld() {
        let freed = Freed()
        var elements = (0..<4).map { Tracked($0, freed) }
        let handover = Handover(elements)
        elements = []
        #expect(freed.all.isEmpty, "the handover holds every element until it is taken")
        do {
            let taken = handover.take(2)
            #expect(taken.value == 2)
        }
        #expect(freed.all == [2], "taken and dropped: freed while the handover lives")
        withExtendedLifetime(handover) {}
    }

    @Test func everyIterationTakesItsOwnElement() {
        let freed = Freed()
        let handover = Handover((0..<1_000).map { Tracked($0, freed) })
        let values = Array(0..<1_000).parallelMap { handover.take($0).value }
        #expect(values == Array(0..<1_000))
        #expect(freed.all.count == 1_000)
    }
}
