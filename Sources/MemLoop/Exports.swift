import Analysis
import GatePolicy
import GraphCore
import GrowthAnalysis
import Harness
import Model

/// The names a user of the library meets, without importing the modules they live in.
public typealias Arm = Model.Arm
public typealias Verdict = GrowthAnalysis.Verdict
public typealias Metric = Analysis.Metric
public typealias ControlCheck = Analysis.ControlCheck
public typealias RunAnalysis = Analysis.RunAnalysis
public typealias GrowthTolerance = Analysis.GrowthTolerance
public typealias DecisionSettings = Analysis.DecisionSettings
public typealias LookSchedule = Analysis.LookSchedule

/// The names `memloop`'s flags are parsed into: the CLI imports this library and Model only.
package typealias GateThresholds = GatePolicy.GateThresholds
package typealias GateTolerance = GatePolicy.Tolerance
package typealias GateScenario = GatePolicy.GateScenario
package typealias ScenariosFile = GatePolicy.ScenariosFile
package typealias Baseline = GatePolicy.Baseline
