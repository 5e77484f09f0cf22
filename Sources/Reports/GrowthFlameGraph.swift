import Analysis
import Foundation

/// `growth.svg`: the growth's stacks as an icicle graph (a flame graph drawn from the root
/// down) — each frame a box as wide as the bytes retained below it, one row per depth, the
/// full name in the box's tooltip. Plain SVG, opens in a browser; no script.
package enum GrowthFlameGraph {
    static let width = 1_200.0
    static let rowHeight = 18.0
    static let maximumDepth = 64
    /// Boxes narrower than this many pixels are left out (their bytes still count above).
    static let minimumBoxWidth = 0.5

    /// A frame and everything retained beneath it.
    final class Node {
        let name: String
        var bytes = 0
        var children: [String: Node] = [:]
        var order: [String] = []
        init(name: String) { self.name = name }

        func child(_ name: String) -> Node {
            if let existing = children[name] { return existing }
            let node = Node(name: name)
            children[name] = node
            order.append(name)
            return node
        }
    }

    /// The graph of folded stacks (`root;…;leaf BYTES` per line); stacks of negative
    /// bytes (freed between the profiles) are left out.
    package static func render(folded: String, title: String) -> String {
        let root = Node(name: "all")
        for stack in CollapsedStacks(text: folded).stacks where stack.bytes > 0 {
            root.bytes += stack.bytes
            var node = root
            for frame in stack.frames.prefix(maximumDepth) {
                node = node.child(frame)
                node.bytes += stack.bytes
            }
        }
        var boxes = ""
        var depth = 0
        draw(root, x: 0, depth: 0, scale: root.bytes > 0 ? width / Double(root.bytes) : 0, total: root.bytes, into: &boxes, maxDepth: &depth)
        let height = 40 + Double(depth + 1) * rowHeight + 10
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="monospace" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="6" y="20" font-family="sans-serif" font-size="14" font-weight="bold">\(XMLText.escape(title))</text>
            \(boxes)</svg>

            """
    }

    private static func draw(_ node: Node, x: Double, depth: Int, scale: Double, total: Int, into svg: inout String, maxDepth: inout Int) {
        let boxWidth = Double(node.bytes) * scale
        guard boxWidth >= minimumBoxWidth else { return }
        maxDepth = max(maxDepth, depth)
        let y = 30 + Double(depth) * rowHeight
        let share = total > 0 ? Double(node.bytes) / Double(total) : 0
        let label = "\(node.name) — \(node.bytes) B (\(Format.percent(share)))"
        let hue = 20 + node.name.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF } % 40  // stable across runs
        svg += "<g><title>\(XMLText.escape(label))</title>"
        svg +=
            "<rect x=\"\(Format.number(x))\" y=\"\(y)\" width=\"\(Format.number(max(boxWidth - 0.5, 0.1)))\" height=\"\(rowHeight - 1)\" fill=\"hsl(\(hue),85%,62%)\"/>"
        let characters = Int(boxWidth / 7)
        if characters >= 3 {
            let text = node.name.count > characters ? String(node.name.prefix(characters - 1)) + "…" : node.name
            svg += "<text x=\"\(Format.number(x + 3))\" y=\"\(y + rowHeight - 5)\">\(XMLText.escape(text))</text>"
        }
        svg += "</g>\n"
        var childX = x
        for name in node.order {
            guard let child = node.children[name] else { continue }
            draw(child, x: childX, depth: depth + 1, scale: scale, total: total, into: &svg, maxDepth: &maxDepth)
            childX += Double(child.bytes) * scale
        }
    }
}
