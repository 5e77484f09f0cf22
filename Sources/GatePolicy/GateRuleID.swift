import Model

/// The gate's absolute rule identifiers, as `gate.json` and JUnit name them. Baseline
/// rules are `baseline:<arm>:<metric>`.
public enum GateRuleID {
    /// The `clear` arm is CONSTANT within ε.
    public static let clearConstant = "clear-constant"
    /// The positive control: the reference loop's `noclear` arm grows as its census says.
    public static let noclearGrowing = "noclear-growing"
    /// The negative control: the `control` arm, building nothing, is CONSTANT.
    public static let controlConstant = "control-constant"
    /// The baseline describes the run: same loop and ε, and every key matches.
    public static let baselineMatches = "baseline-matches"
    /// No baseline yet: the absolute rules ran, the baseline rules wait for one.
    public static let baselinePresent = "baseline-present"
    /// `--update-baseline` without `--allow-loosen` did not raise a figure.
    public static let baselineNotLoosened = "baseline-not-loosened"
}
