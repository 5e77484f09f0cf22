import GrowthAnalysis
import Harness
import Model
import Reporting

/// The names a user of the library meets, without importing the modules they live in.
public typealias Arm = Model.Arm
public typealias Verdict = GrowthAnalysis.Verdict
public typealias Metric = Reporting.Metric
public typealias ControlCheck = Reporting.ControlCheck
public typealias RunAnalysis = Reporting.RunAnalysis
