import Foundation
import Testing

@testable import Reports

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `growth.svg`: boxes as wide as the bytes beneath them, well-formed XML.
@Suite struct GrowthFlameGraphTests {
    final class Boxes: NSObject, XMLParserDelegate {
        var widths: [String: Double] = [:]
        private var title = ""
        private var inTitle = false
        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if element == "title" {
                inTitle = true
                title = ""
            }
            if element == "rect", let width = attributes["width"].flatMap(Double.init) { widths[title] = width }
        }
        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if element == "title" { inTitle = false }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inTitle { title += string } }
    }

    @Test func boxesAreAsWideAsTheirBytesAndTheXMLParses() throws {
        let folded = "clear;main;build;leak 300\nclear;main;build;other 100\nclear;main;freed -50\n"
        let svg = GrowthFlameGraph.render(folded: folded, title: "t <&>")
        let boxes = Boxes()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = boxes
        try #require(parser.parse(), "growth.svg is not well-formed")
        let leak = try #require(boxes.widths.first { $0.key.hasPrefix("leak — 300 B (75.0%)") }?.value)
        let other = try #require(boxes.widths.first { $0.key.hasPrefix("other — 100 B (25.0%)") }?.value)
        #expect(abs((leak + 0.5) / (other + 0.5) - 3) < 0.01, "widths follow bytes")
        #expect(!boxes.widths.keys.contains { $0.hasPrefix("freed") }, "freed stacks are not growth")
        #expect(GrowthFlameGraph.render(folded: folded, title: "t") == GrowthFlameGraph.render(folded: folded, title: "t"), "same input, same file")
    }
}
