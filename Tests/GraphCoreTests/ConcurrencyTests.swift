import Foundation
import GraphCore
import Synchronization
import Testing

extension GlobalState {
    @Suite struct Concurrency {
        /// Four threads build models and read names while a fifth clears the session:
        /// no crash, names unique within each generation, and a clean audit afterwards.
        @Test func buildersAndAClearerRaceSafely() throws {
            clearSession()
            let seen = Mutex<[UInt32: Set<String>]>([:])
            let duplicates = Mutex(0)
            let builders = 4, rounds = 400
            let running = Atomic(builders)
            let clears = Atomic(0)
            let built = Atomic(0)
            let clearerStarted = DispatchSemaphore(value: 0)
            let clearerDone = DispatchSemaphore(value: 0)
            Thread {
                clearerStarted.signal()
                // Clear for as long as any builder is still building, once every 20
                // models or so: often enough to race, seldom enough that every
                // generation sees names read.
                var lastClear = 0
                while running.load(ordering: .acquiring) > 0 {
                    let now = built.load(ordering: .relaxed)
                    guard now - lastClear >= 20 else {
                        sched_yield()
                        continue
                    }
                    lastClear = now
                    let round = clears.add(1, ordering: .relaxed).newValue
                    clearSession(round.isMultiple(of: 2) ? .keepCapacity : .releaseStorage)
                    _ = sessionCensus()
                }
                clearerDone.signal()
            }.start()
            clearerStarted.wait()
            DispatchQueue.concurrentPerform(iterations: builders) { _ in
                defer { running.subtract(1, ordering: .releasing) }
                for _ in 0..<rounds {
                    let layers = (0..<3).map { _ in Dense(2) }
                    // A clear may land between creating the layers and the model: that is
                    // detected as a stale handle, never a silent mix of sessions.
                    _ = try? Sequential(layers)
                    built.add(1, ordering: .relaxed)
                    for layer in layers {
                        guard let name = try? layerName(of: layer.id) else { continue }
                        seen.withLock { table in
                            if !table[layer.id.generation, default: []].insert(name).inserted {
                                duplicates.withLock { $0 += 1 }
                            }
                        }
                    }
                }
            }
            clearerDone.wait()
            #expect(duplicates.withLock { $0 } == 0)
            #expect(clears.load(ordering: .relaxed) > 0)
            #expect(seen.withLock { $0.count } > 1, "names were read in more than one generation")
            #expect(sessionSnapshot().auditInvariants() == [])
        }
    }
}
