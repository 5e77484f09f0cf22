import Analysis
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
