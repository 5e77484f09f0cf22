import Analysis
import Foundation
import Harness
import JemallocStats
import Model
import Reports

/// `run --attribute`: after the unprofiled run that gives the verdicts, one profiled pass
/// per building arm, each in a process of its own started with heap profiling on
/// (`MALLOC_CONF=prof:true,…` — jemalloc reads it only at start-up) or, for Python,
/// with tracemalloc. The loop writes a profile at the end of its warm-up and one at the
/// end of its measured iterations; their difference per iteration, by call site, is the
/// answer to "where does it grow". The profiled pass never feeds the verdicts.
package enum AttributionPass {
    /// What the report and the extra files of a run's attribution are.
    package struct Outcome {
        package var report: AttributionReport
        package var files: [(String, Data)]
    }

    /// Run before any arm: refuses (exit 9) when profiling cannot work, naming what to install.
    package static func preflight(kinds: Set<AttributionKind>) throws(CommandFailure) -> AttributionTools {
        let tools: AttributionTools
        do { tools = try AttributionTools.locate(native: kinds.contains(.native)) } catch {
            throw CommandFailure(.attributionUnavailable, error.description)
        }
        if kinds.contains(.native) {
            let state: HeapProfiling
            do { state = try Jemalloc.heapProfiling() } catch {
                throw CommandFailure(.attributionUnavailable, "attribution unavailable: cannot read jemalloc's config.prof: \(error)")
            }
            guard state.configProf else {
                throw CommandFailure(
                    .attributionUnavailable,
                    "attribution unavailable: this jemalloc was built without heap profiling (config.prof is false); "
                        + "install one built with --enable-prof (Debian's libjemalloc2 and libjemalloc-dev are)")
            }
        }
        return tools
    }

    /// The `MALLOC_CONF` of a profiled child: the caller's own settings kept, profiling added.
    private static func mallocConf(lgSample: Int) -> String {
        let own = ProcessInfo.processInfo.environment["MALLOC_CONF"].map { $0 + "," } ?? ""
        return own + "prof:true,prof_active:true,lg_prof_sample:\(lgSample)"
    }

    // MARK: - Reference loop

    package static func reference(
        results: [ArmResult], analysis: RunAnalysis, config: RunConfig, settings: DecisionSettings, options: AttributionSettings, tools: AttributionTools
    ) throws(CommandFailure) -> Outcome {
        let binary = ArmExecution.executableURL.path
        let tolerance = settings.tolerance
        var arms: [ArmAttribution] = []
        var folded = ""
        var files: [(String, Data)] = []
        for result in results where result.arm.builds && !result.interrupted && !Interruption.isRequested {
            guard let unprofiled = analysis.arm(result.arm.rawValue) else { continue }
            let lg = options.lgSample ?? chooseLgSample(unprofiled, tolerance: tolerance, iterations: config.iterations)
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            var profiled = config
            profiled.heapProfileFolder = folder.path
            let profiledResult: ArmResult
            do throws(CommandFailure) {
                // The path every arm takes, so that its failures map as any arm's (exit 3, 130, 8).
                profiledResult = try ArmExecution.run(
                    result.arm, config: profiled, isolated: true, progress: isatty(2) == 1,
                    environment: ["MALLOC_CONF": mallocConf(lgSample: lg)])
            } catch {
                if error.status == .interrupted { break }  // the attribution so far; the run ends with 130 after writing
                throw CommandFailure(error.status, "the profiled pass of the \(result.arm.rawValue) arm: \(error.message)")
            }
            // Stopped before its end profile: nothing to diff; the run ends with 130 after writing.
            if profiledResult.interrupted || Interruption.isRequested { break }
            let profiledAnalysis = RunAnalysis(series: [ArmSeries(profiledResult)], settings: settings.withoutLooks).arms.first
            let diff = try native(
                arm: result.arm.rawValue, folder: folder, binary: binary, lg: lg, iterations: config.iterations,
                unprofiled: unprofiled, profiled: profiledAnalysis, tolerance: tolerance, tools: tools)
            var attribution = diff.attribution
            attribution.census = censusCheck(profiledResult, sites: diff.allSites, config: config)
            arms.append(attribution)
            folded += diff.folded
            files.append(("growth-\(result.arm.rawValue).txt", Data(diff.text.utf8)))
        }
        return finish(arms: arms, folded: folded, files: files, binary: binary)
    }

    /// Arena sites against the census's reserved bytes between the two dump points, read
    /// from the profiled pass's own samples (the same process and window as the profiles).
    private static func censusCheck(_ result: ArmResult, sites: [GrowthSite], config: RunConfig) -> CensusCheck? {
        guard let last = result.samples.last else { return nil }
        let base = config.warmUp == 0 ? 0 : result.samples.first { $0.iteration == config.warmUp - 1 }?.census.arenaReservedBytes
        guard let base else { return nil }
        let census = Double(last.census.arenaReservedBytes - base) / Double(config.iterations)
        guard census > 0 else { return nil }
        let arena = sites.filter { CensusCheck.isArenaSite($0.function) }.reduce(0) { $0 + $1.bytesPerIteration }
        return CensusCheck(arenaSitesBytesPerIteration: arena, censusReservedBytesPerIteration: census)
    }

    // MARK: - Outside loops

    package static func outside(
        series: [ArmSeries], analysis: RunAnalysis, loop: OutsideLoop, settings: DecisionSettings, options: AttributionSettings, tools: AttributionTools
    ) throws(CommandFailure) -> Outcome {
        let library = try ArmExecution.jemallocLibrary()
        let tolerance = settings.tolerance
        var arms: [ArmAttribution] = []
        var folded = ""
        var files: [(String, Data)] = []
        var binaryUsed: String?
        for arm in series.compactMap(\.role) where arm.builds && !Interruption.isRequested {
            guard let unprofiled = analysis.arm(arm.rawValue) else { continue }
            for kind in AttributionKind.allCases where options.kinds.contains(kind) && !Interruption.isRequested {
                // Heap profiles only: tracemalloc records every allocation.
                let lg = kind == .native ? options.lgSample ?? chooseLgSample(unprofiled, tolerance: tolerance, iterations: loop.iterations) : nil
                let folder = try temporaryFolder()
                defer { try? FileManager.default.removeItem(at: folder) }
                var environment = ["MEMLOOP_PROFILE_DIR": folder.path, "MEMLOOP_PROFILE_KIND": kind.rawValue]
                if let lg { environment["MALLOC_CONF"] = mallocConf(lgSample: lg) }
                // A signal: the attribution so far; the run ends with 130 after writing its reports.
                guard let profiled = try runOutside(arm, loop: loop, library: library, environment: environment) else { break }
                let profiledAnalysis = RunAnalysis(series: [profiled], settings: settings.withoutLooks).arms.first
                switch kind {
                case .native:
                    let base = folder.appendingPathComponent(HeapProfileFile.base).path, end = folder.appendingPathComponent(HeapProfileFile.end).path
                    guard FileManager.default.fileExists(atPath: base), FileManager.default.fileExists(atPath: end) else {
                        arms.append(
                            missing(
                                arm, .heapProfile, loop: loop, unprofiled: unprofiled, profiled: profiledAnalysis,
                                note:
                                    "no profiles: the loop wrote no \(HeapProfileFile.base) and \(HeapProfileFile.end) into MEMLOOP_PROFILE_DIR (the Python probe does; Reports/PROTOCOL.md says how)"
                            ))
                        continue
                    }
                    guard let binary = options.binary ?? ProfileExecutable.read(profile: end) else {
                        throw CommandFailure(
                            .attributionUnavailable, "attribution unavailable: the profile names no executable; give it with --attribute-binary")
                    }
                    binaryUsed = binary
                    let diff = try native(
                        arm: arm.rawValue, folder: folder, binary: binary, lg: lg, iterations: loop.iterations,
                        unprofiled: unprofiled, profiled: profiledAnalysis, tolerance: tolerance, tools: tools)
                    arms.append(diff.attribution)
                    folded += diff.folded
                    files.append(("growth-\(arm.rawValue).txt", Data(diff.text.utf8)))
                case .python:
                    let table = folder.appendingPathComponent(TracemallocGrowth.tableName)
                    guard let text = try? String(contentsOf: table, encoding: .utf8) else {
                        arms.append(
                            missing(
                                arm, .tracemalloc, loop: loop, unprofiled: unprofiled, profiled: profiledAnalysis,
                                note:
                                    "no tracemalloc growth: the loop wrote no \(TracemallocGrowth.tableName) into MEMLOOP_PROFILE_DIR (only the Python probe does)"
                            ))
                        continue
                    }
                    let growth = TracemallocGrowth(table: text)
                    arms.append(
                        attribution(
                            arm.rawValue, .tracemalloc, iterations: loop.iterations, lgSample: nil, unprofiled: unprofiled, profiled: profiledAnalysis,
                            profileBytes: Double(growth.totalBytes), sites: growth.sites(iterations: loop.iterations), tolerance: tolerance))
                    let stacks = (try? String(contentsOf: folder.appendingPathComponent(TracemallocGrowth.foldedName), encoding: .utf8)) ?? ""
                    folded += CollapsedStacks(text: stacks).text(root: "\(arm.rawValue) (python)", rename: { $0 })
                    files.append(("python-growth-\(arm.rawValue).tsv", Data(text.utf8)))
                }
            }
        }
        return finish(arms: arms, folded: folded, files: files, binary: binaryUsed)
    }

    /// One profiled pass of an outside loop's arm; `nil` when a signal stopped it (its
    /// profiles may be missing or cut short, so it is not diffed).
    private static func runOutside(_ arm: Arm, loop: OutsideLoop, library: String, environment: [String: String]) throws(CommandFailure) -> ArmSeries? {
        let series = try ArmExecution.run(arm, loop: loop, library: library, extraEnvironment: environment, pass: "the profiled pass: ")
        return Interruption.isRequested ? nil : series
    }

    private static func missing(
        _ arm: Arm, _ method: ArmAttribution.Method, loop: OutsideLoop, unprofiled: ArmAnalysis, profiled: ArmAnalysis?, note: String
    ) -> ArmAttribution {
        var attribution = Self.attribution(
            arm.rawValue, method, iterations: loop.iterations, lgSample: nil, unprofiled: unprofiled, profiled: profiled, profileBytes: 0, sites: [],
            tolerance: nil)
        attribution.explainedShare = nil
        attribution.note = note
        return attribution
    }

    // MARK: - Shared

    /// One native arm's difference: sites, the jeprof text (demangled) and the folded stacks.
    private struct NativeDiff {
        var attribution: ArmAttribution
        /// Every site, noise included (for the census check).
        var allSites: [GrowthSite]
        var text: String
        var folded: String
    }

    private static func native(
        arm: String, folder: URL, binary: String, lg: Int?, iterations: Int, unprofiled: ArmAnalysis, profiled: ArmAnalysis?,
        tolerance: GrowthTolerance, tools: AttributionTools
    ) throws(CommandFailure) -> NativeDiff {
        let base = folder.appendingPathComponent(HeapProfileFile.base).path, end = folder.appendingPathComponent(HeapProfileFile.end).path
        do throws(AttributionTools.Unavailable) {
            let stacks = CollapsedStacks(text: try tools.collapsed(base: base, end: end, binary: binary))
            let names = Array(stacks.frameNames)
            let full = try tools.demangle(names, simplified: false)
            let display = try tools.demangle(names, simplified: true)
            let bySite = stacks.bytesBySite(fullName: { full[$0] ?? $0 }, displayName: { display[$0] ?? $0 })
            let sites = bySite.map { GrowthSite(function: $0.key, bytesPerIteration: Double($0.value) / Double(iterations)) }
            let attribution = Self.attribution(
                arm, .heapProfile, iterations: iterations, lgSample: lg, unprofiled: unprofiled, profiled: profiled,
                profileBytes: Double(stacks.totalBytes), sites: sites, tolerance: tolerance)
            let text = try tools.demangleText(try tools.text(base: base, end: end, binary: binary))
            return NativeDiff(
                attribution: attribution, allSites: sites, text: text,
                folded: stacks.text(root: arm, rename: { display[$0] ?? $0 }))
        } catch {
            throw CommandFailure(.attributionUnavailable, "\(error)")
        }
    }

    /// One arm's attribution with its figures from the unprofiled and the profiled runs.
    /// - Parameter tolerance: its least ε sets the noise floor; `nil` when nothing was profiled (no floor).
    private static func attribution(
        _ arm: String, _ method: ArmAttribution.Method, iterations: Int, lgSample: Int?, unprofiled: ArmAnalysis, profiled: ArmAnalysis?,
        profileBytes: Double, sites: [GrowthSite], tolerance: GrowthTolerance?
    ) -> ArmAttribution {
        let noise = tolerance.map {
            ArmAttribution.noise(
                epsilonPerModel: $0.bytesPerModel, modelsPerIteration: unprofiled.modelsPerIteration, lgSample: lgSample, iterations: iterations)
        }
        return ArmAttribution(
            arm: arm, method: method, iterations: iterations, lgSample: lgSample, unprofiledBytesPerIteration: unprofiled.primary.bytesPerIteration,
            profiledBytesPerIteration: profiled?.primary.bytesPerIteration, profileBytes: profileBytes, sites: sites,
            noiseBytesPerIteration: noise ?? .nan, nsPerIterationUnprofiled: nsPerIteration(unprofiled),
            nsPerIterationProfiled: profiled.flatMap(nsPerIteration))
    }

    /// The outcome: the arms' attributions, with the folded stacks and their flame graph first among the files.
    private static func finish(arms: [ArmAttribution], folded: String, files: [(String, Data)], binary: String?) -> Outcome {
        let files =
            [
                ("growth.folded", Data(folded.utf8)),
                ("growth.svg", Data(GrowthFlameGraph.render(folded: folded, title: "Growth per measured window, by stack (arm at the root)").utf8)),
            ] + files
        return Outcome(report: AttributionReport(arms: arms, binary: binary, files: files.map(\.0)), files: files)
    }

    /// 2^N for ~1,000 samples of the growth the unprofiled run saw — or of ε per model over
    /// the window when it saw none, so that a leak of the tolerance's size would still show.
    private static func chooseLgSample(_ unprofiled: ArmAnalysis, tolerance: GrowthTolerance, iterations: Int) -> Int {
        let slope = unprofiled.primary.bytesPerIteration.isFinite ? unprofiled.primary.bytesPerIteration : 0
        return ArmAttribution.lgSample(expectedBytesPerIteration: max(slope, tolerance.bytesPerModel * unprofiled.modelsPerIteration), iterations: iterations)
    }

    private static func nsPerIteration(_ arm: ArmAnalysis) -> Double? {
        arm.nsPerModel.map { $0 * arm.modelsPerIteration }
    }

    /// A scratch folder for one profiled pass, named after this process so that a later run
    /// removes it if this one is killed.
    private static func temporaryFolder() throws(CommandFailure) -> URL {
        do { return try TemporaryFolder.make("profile") } catch {
            throw CommandFailure(.outputFailed, "cannot create a folder for heap profiles: \(error)")
        }
    }
}
