// GrowthAnalysis
