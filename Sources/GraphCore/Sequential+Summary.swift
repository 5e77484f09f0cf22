extension Sequential {
    /// The table Keras' `model.summary()` prints: each layer's name and class, output
    /// shape and parameter count, then the totals.
    /// - Throws: `GraphError.notBuilt` before the model is built (Keras refuses too).
    public func summary() throws(GraphError) -> String {
        guard let inputShape else { throw .notBuilt("model \(name)") }
        let layers = layers.map(\.id)
        let modelID = id
        return try withGlobalSession { (session: inout GraphSession) throws(GraphError) -> String in
            var rows: [(String, String, Int)] = []
            var shape = inputShape
            var trainable = 0, frozen = 0
            for layer in layers {
                let record = try session.record(layer)
                let shapes = try LayerShapes.of(record, input: shape) { session.name(of: record) }
                shape = shapes.output
                trainable += shapes.parameters - shapes.nonTrainable
                frozen += shapes.nonTrainable
                rows.append(("\(session.name(of: record)) (\(record.kind.className))", Self.describe(shape), shapes.parameters))
            }
            return SummaryTable.render(
                model: try session.name(of: modelID), rows: rows, trainable: trainable, nonTrainable: frozen
            )
        }
    }

    static func describe(_ shape: [Int]) -> String {
        "(" + (["None"] + shape.map(String.init)).joined(separator: ", ") + ")"
    }
}

/// Keras' summary layout for sequential models: 65 characters, columns at 29 and 55.
enum SummaryTable {
    static let width = 65
    static let columns = [29, 55, 65]

    static func render(model: String, rows: [(String, String, Int)], trainable: Int, nonTrainable: Int) -> String {
        var lines = ["Model: \"\(model)\""]
        let rule = String(repeating: "_", count: width)
        lines.append(rule)
        lines.append(row(["Layer (type)", "Output Shape", "Param #"]))
        lines.append(String(repeating: "=", count: width))
        for (index, entry) in rows.enumerated() {
            lines.append(row([entry.0, entry.1, grouped(entry.2)]))
            if index < rows.count - 1 { lines.append(rule) }
        }
        lines.append(String(repeating: "=", count: width))
        lines.append("Total params: \(grouped(trainable + nonTrainable))")
        lines.append("Trainable params: \(grouped(trainable))")
        lines.append("Non-trainable params: \(grouped(nonTrainable))")
        lines.append(rule)
        return lines.joined(separator: "\n")
    }

    /// Fields padded to their column; a field too long is cut, as Keras does.
    static func row(_ fields: [String]) -> String {
        var line = ""
        for (field, end) in zip(fields, columns) {
            line += field
            line = String(line.prefix(end - 1))
            line += String(repeating: " ", count: end - line.count)
        }
        return line
    }

    /// `1100` → `1,100`, as Keras' `'{:,}'`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }
}
