import Model

/// Stacks in the collapsed ("folded") format — `root;…;leaf BYTES` per line — as
/// `jeprof --collapsed --base=A BINARY B` writes them for the difference of two heap
/// profiles, and as flame-graph tools read them.
package struct CollapsedStacks: Sendable, Equatable {
    package struct Stack: Sendable, Equatable {
        /// Frames from the root (`_start`) to the leaf (the allocator).
        package var frames: [String]
        /// Bytes this stack retained between the two profiles (unsampled estimate).
        package var bytes: Int
    }

    package var stacks: [Stack]

    /// Parses folded text; lines without a trailing number, and stacks of 0 bytes, are left out.
    /// jeprof's `<address>` suffixes on frames are removed, so that names demangle.
    package init(text: String) {
        stacks = text.split(separator: "\n").compactMap { line in
            guard let space = line.lastIndex(of: " "), let bytes = Int(line[line.index(after: space)...]), bytes != 0 else { return nil }
            let frames = line[..<space].split(separator: ";").map { Self.strippingAddress(String($0)) }
            return Stack(frames: frames, bytes: bytes)
        }
    }

    package init(stacks: [Stack]) { self.stacks = stacks }

    /// Every distinct frame name, for one demangler call.
    package var frameNames: Set<String> { Set(stacks.flatMap(\.frames)) }

    /// Total bytes of all stacks.
    package var totalBytes: Int { stacks.reduce(0) { $0 + $1.bytes } }

    /// Bytes per growth site: for each stack, the frame nearest the leaf that is not
    /// plumbing (`AllocationFrame.isPlumbing` on `fullName(frame)`), shown as
    /// `displayName(frame)` without jeprof's `[inline]` mark. A stack of plumbing only
    /// counts under "(allocator and runtime only)".
    package func bytesBySite(fullName: (String) -> String, displayName: (String) -> String) -> [String: Int] {
        var sites: [String: Int] = [:]
        for stack in stacks {
            let frame = stack.frames.last { !AllocationFrame.isPlumbing(fullName($0)) }
            let site = frame.map { Self.strippingInline(displayName($0)) } ?? "(allocator and runtime only)"
            sites[site, default: 0] += stack.bytes
        }
        return sites
    }

    /// The stacks as folded text, each frame renamed and the whole stack put under `root`.
    package func text(root: String?, rename: (String) -> String) -> String {
        stacks.map { stack in
            ((root.map { [$0] } ?? []) + stack.frames.map(rename)).joined(separator: ";") + " \(stack.bytes)"
        }.joined(separator: "\n") + (stacks.isEmpty ? "" : "\n")
    }

    static func strippingAddress(_ frame: String) -> String {
        guard frame.hasSuffix(">"), let open = frame.lastIndex(of: "<") else { return frame }
        let digits = frame[frame.index(after: open)..<frame.index(before: frame.endIndex)]
        guard digits.count >= 8, digits.allSatisfy(\.isHexDigit) else { return frame }
        return String(frame[..<open])
    }

    static func strippingInline(_ frame: String) -> String {
        frame.hasSuffix("[inline]") ? String(frame.dropLast("[inline]".count)) : frame
    }
}
