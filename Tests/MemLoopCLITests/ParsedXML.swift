import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML document (an SVG chart, a JUnit report) read with Foundation's `XMLParser` into
/// a tree, so tests ask for elements and attributes instead of matching the text.
struct ParsedXML {
    let name: String
    let attributes: [String: String]
    fileprivate(set) var children: [ParsedXML] = []
    /// The character data directly inside this element.
    fileprivate(set) var text = ""

    /// This element and every element inside it, depth-first.
    var elements: [ParsedXML] { [self] + children.flatMap(\.elements) }

    func elements(named name: String) -> [ParsedXML] { elements.filter { $0.name == name } }

    /// The text of this element and of every element inside it.
    var allText: String { text + children.map(\.allText).joined() }

    static func parse(_ url: URL) throws -> ParsedXML {
        let builder = Builder()
        let parser = XMLParser(data: try Data(contentsOf: url))
        parser.delegate = builder
        let parsed = parser.parse()
        try #require(parsed, "\(url.lastPathComponent) is not well-formed XML: \(String(describing: parser.parserError))")
        return try #require(builder.root, "\(url.lastPathComponent) has no root element")
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [ParsedXML] = []
        var root: ParsedXML?

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            stack.append(ParsedXML(name: element, attributes: attributes))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            let finished = stack.removeLast()
            if stack.isEmpty { root = finished } else { stack[stack.count - 1].children.append(finished) }
        }
    }
}

/// A gate's `junit.xml`: its test cases by name.
struct JUnitCases {
    struct TestCase {
        let classname: String?
        /// The `<failure>` element's `message`, when the rule failed.
        let failure: String?
        /// The `<system-out>` text, which a passed rule carries.
        let systemOut: String?
        var failed: Bool { failure != nil }
    }

    let testSuites: ParsedXML
    let cases: [String: TestCase]

    init(_ url: URL) throws {
        testSuites = try ParsedXML.parse(url)
        try #require(testSuites.name == "testsuites", "junit.xml's root is <\(testSuites.name)>")
        var cases: [String: TestCase] = [:]
        for element in testSuites.elements(named: "testcase") {
            let name = try #require(element.attributes["name"], "a testcase without a name")
            cases[name] = TestCase(
                classname: element.attributes["classname"],
                failure: element.children.first { $0.name == "failure" }.map { $0.attributes["message"] ?? "" },
                systemOut: element.children.first { $0.name == "system-out" }?.text
            )
        }
        self.cases = cases
    }
}
