extension GraphSession {
    /// Adds a `Sequential` node over existing layers, checking Keras' rules: every
    /// handle live, an `Input` only in first place, no two layers with one name.
    /// Returns the model and the names of its layers, which the model keeps for `add`.
    /// - Complexity: O(n) in the layers (expected; see `LayerNameSet`).
    mutating func addModel(layers: [any Layer], name explicitName: String?) throws(GraphError) -> (NodeID, LayerNameSet) {
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
        var names = LayerNameSet(capacity: layers.count)
        for layer in layers {
            let id = layer.id
            let hash = try checkNameIsNew(try self.record(id), in: names, model: record)
            names.insert(hash: hash, id: id)
        }
        return (append(record), names)
    }

    /// Adds `layer` to `model` at `position` (counting an `Input` as position 0, as
    /// `addModel` does), with the same checks and errors as `addModel`; on a built model
    /// (`output` is its output shape) the layer is built at once. Returns the model's new
    /// output shape, or nil when it is not built.
    ///
    /// Nothing changes when it throws: the name joins `names` and the model counts the
    /// layer only once every check and the build have passed.
    /// - Complexity: O(1) expected, whatever the model's size.
    mutating func appendLayer(
        _ layer: NodeID, to model: NodeID, position: Int, names: inout LayerNameSet, builtOn output: [Int]?
    ) throws(GraphError) -> [Int]? {
        let modelRecord = try record(model)
        let newRecord = try record(layer)
        if newRecord.kind == .input, position != 0 {
            throw .invalidModel("an Input layer can only be the first layer of a Sequential (found at \(position))")
        }
        let hash = try checkNameIsNew(newRecord, in: names, model: modelRecord)
        var newOutput: [Int]?
        if let output {
            let shapes = try build(layer: layer, input: output)
            try addParameters(shapes.parameters, to: model)
            newOutput = shapes.output
        }
        names.insert(hash: hash, id: layer)
        try update(model) { $0.configA += 1 }
        return newOutput
    }

    /// Throws Keras' duplicate-name error (naming `model`) if a layer named as `record`
    /// is in `names`; otherwise returns the name's hash, for inserting it.
    ///
    /// No string is made unless two hashes are equal — then the names are compared
    /// exactly, and made again for the error when they are the same.
    private func checkNameIsNew(_ record: NodeRecord, in names: LayerNameSet, model: NodeRecord) throws(GraphError) -> UInt64 {
        let hash = nameHash(of: record)
        var candidate = names.firstPosition(ofHash: hash)
        while let position = candidate {
            if haveSameName(record, try self.record(names.id(at: position))) {
                throw .duplicateLayerName(name(of: record), model: name(of: model))
            }
            candidate = names.firstPosition(ofHash: hash, from: position + 1)
        }
        return hash
    }

    /// `NameHash.of(name(of: record))`; for an auto name, without making the string.
    func nameHash(of record: NodeRecord) -> UInt64 {
        record.flags.contains(.explicitName)
            ? NameHash.of(names.strings[Int(record.name)])
            : names.hash(prefix: record.name, number: record.nameNumber)
    }

    /// Whether two nodes have the same name, compared as Python compares `str` — code
    /// point by code point, which for Swift strings is byte by byte in UTF-8 — and not by
    /// Swift's `==`, which would call `"é"` and `"e\u{301}"` one name where Keras sees two.
    func haveSameName(_ a: NodeRecord, _ b: NodeRecord) -> Bool {
        if !a.flags.contains(.explicitName), !b.flags.contains(.explicitName), a.name == b.name {
            return a.nameNumber == b.nameNumber  // one prefix: one name per number
        }
        return name(of: a).utf8.elementsEqual(name(of: b).utf8)
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
