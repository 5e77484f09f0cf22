extension GraphSession {
    /// Adds a `Sequential` node over existing layers, checking Keras' rules: every
    /// handle live, an `Input` only in first place, no two layers with one name.
    mutating func addModel(layers: [any Layer], name explicitName: String?) throws(GraphError) -> NodeID {
        // Keras names the model before it looks at the layers, so a model that fails
        // its checks still takes its name: the next one is `sequential_1`.
        var record = NodeRecord.placeholder
        record.kind = .sequential
        record.configA = UInt32(layers.count)
        assignName(&record, explicitName: explicitName, customType: nil)
        for (position, layer) in layers.enumerated() {
            let layerRecord = try self.record(layer.id)
            if layerRecord.kind == .input, position != 0 {
                throw .invalidModel("an Input layer can only be the first layer of a Sequential (found at \(position))")
            }
        }
        try checkUniqueNames(layers) { name(of: record) }
        return append(record)
    }

    /// Records that `layer` joined `model`, after checking its name against `existing`.
    mutating func appendLayer(_ layer: NodeID, to model: NodeID, existing: [NodeID]) throws(GraphError) {
        let modelRecord = try record(model)
        let newRecord = try record(layer)
        if newRecord.kind == .input {
            throw .invalidModel("an Input layer can only be the first layer of a Sequential")
        }
        let newName = name(of: newRecord)
        for other in existing where try name(of: other) == newName {
            throw .duplicateLayerName(newName, model: name(of: modelRecord))
        }
        try update(model) { $0.configA += 1 }
    }

    /// Throws on the first repeated name. Auto names are compared as (prefix, number)
    /// pairs — no string is made, nothing is allocated — unless an explicit name could
    /// collide with them. O(n²) pairs, which beats hashing for the few layers a model has.
    private func checkUniqueNames(_ layers: [any Layer], modelName: () -> String) throws(GraphError) {
        guard layers.count > 1 else { return }
        var anyExplicit = false
        for layer in layers where try record(layer.id).flags.contains(.explicitName) {
            anyExplicit = true
            break
        }
        if anyExplicit {
            var seen = Set<String>()
            for layer in layers where !seen.insert(try name(of: layer.id)).inserted {
                throw .duplicateLayerName(try name(of: layer.id), model: modelName())
            }
            return
        }
        for i in 1..<layers.count {
            let a = try record(layers[i].id)
            for j in 0..<i {
                let b = try record(layers[j].id)
                if a.name == b.name && a.nameNumber == b.nameNumber {
                    throw .duplicateLayerName(name(of: a), model: modelName())
                }
            }
        }
    }

    /// Builds every layer of a model in order from `input` and marks the model built.
    /// Returns the model's output shape.
    mutating func build(model: NodeID, layers: [any Layer], input: [Int]) throws(GraphError) -> [Int] {
        _ = try record(model)
        var shape = input
        var parameters = 0
        for layer in layers {
            let shapes = try build(layer: layer.id, input: shape)
            shape = shapes.output
            parameters += shapes.parameters
        }
        try update(model) {
            $0.flags.insert(.built)
            $0.configB = UInt32(parameters)
        }
        return shape
    }

    /// Adds a layer's parameters to a built model's total.
    mutating func addParameters(_ count: Int, to model: NodeID) throws(GraphError) {
        try update(model) { $0.configB += UInt32(count) }
    }
}
