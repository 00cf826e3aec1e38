internal import CLibXML2
import Foundation
import KGCore

/// Validates XML against an XML Schema with libxml2's `xmlSchema` API (used by the tests to check
/// GraphML against the vendored GraphML XSD). No network: schemas and their includes are local files.
final class XMLSchemaValidator {
    private let schema: xmlSchemaPtr

    /// Loads a schema (and the schemas it includes) from a local file.
    /// - Throws: `KGError.input` naming the file when it cannot be parsed.
    init(schemaPath: String) throws {
        xmlInitParser()
        guard let context = xmlSchemaNewParserCtxt(schemaPath) else {
            throw KGError.input(file: schemaPath, message: "libxml2 could not open the schema")
        }
        defer { xmlSchemaFreeParserCtxt(context) }
        let errors = ErrorList()
        xmlSchemaSetParserStructuredErrors(context, collectStructuredError, Unmanaged.passUnretained(errors).toOpaque())
        guard let schema = xmlSchemaParse(context) else {
            throw KGError.input(file: schemaPath, message: "is not a usable XML Schema: \(errors.messages.prefix(3).joined(separator: "; "))")
        }
        self.schema = schema
    }

    deinit { xmlSchemaFree(schema) }

    /// The validity errors of a document (empty when it is valid), each `line N: message`.
    func validate(_ bytes: [UInt8]) -> [String] {
        let errors = ErrorList()
        let options = Int32(XML_PARSE_NONET.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "document.xml", nil, options)
            }
        }
        guard let document else { return ["not well-formed XML"] }
        defer { xmlFreeDoc(document) }
        guard let context = xmlSchemaNewValidCtxt(schema) else { return ["libxml2 could not create a validation context"] }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, collectStructuredError, Unmanaged.passUnretained(errors).toOpaque())
        let rc = xmlSchemaValidateDoc(context, document)
        if rc != 0 && errors.messages.isEmpty { return ["invalid (libxml2 code \(rc))"] }
        return errors.messages
    }
}

/// Errors collected from libxml2's structured error callback.
final class ErrorList {
    var messages: [String] = []
}

private func collectStructuredError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    let list = Unmanaged<ErrorList>.fromOpaque(context).takeUnretainedValue()
    let message = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown error"
    list.messages.append("line \(error.pointee.line): \(message)")
}

/// A parsed XML element (libxml2 DOM), for tests that read written files back independently of kg's
/// streaming readers. Entities are not expanded and the network is off.
struct XMLTree: Equatable {
    var namespace: String?
    var name: String
    /// Attributes as (namespace, local name, value), in document order.
    var attributes: [(namespace: String?, name: String, value: String)]
    var children: [XMLTree]
    /// The concatenated character data directly inside the element.
    var text: String

    static func == (a: XMLTree, b: XMLTree) -> Bool {
        a.namespace == b.namespace && a.name == b.name && a.text == b.text && a.children == b.children
            && a.attributes.map { "\($0.namespace ?? "")|\($0.name)|\($0.value)" } == b.attributes.map { "\($0.namespace ?? "")|\($0.name)|\($0.value)" }
    }

    /// The value of an attribute by local name.
    func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    /// Every descendant element (depth first) with this local name.
    func descendants(_ name: String) -> [XMLTree] {
        var out: [XMLTree] = []
        for child in children {
            if child.name == name { out.append(child) }
            out += child.descendants(name)
        }
        return out
    }

    /// Parses a document; throws `KGError.parse` with line and message when it is not well-formed.
    static func parse(_ bytes: [UInt8]) throws -> XMLTree {
        xmlInitParser()
        let options = Int32(XML_PARSE_NONET.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "document.xml", nil, options)
            }
        }
        guard let document else {
            let error = xmlGetLastError()
            let line = error.map { Int($0.pointee.line) } ?? 0
            let message = error?.pointee.message.map { String(cString: $0) } ?? "not well-formed"
            throw KGError.parse(file: "<memory>", line: line, column: 0, message: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            throw KGError.parse(file: "<memory>", line: 1, column: 1, message: "no root element")
        }
        return element(root)
    }

    private static func string(_ p: UnsafePointer<xmlChar>?) -> String? {
        p.map { String(cString: $0) }
    }

    private static func element(_ node: xmlNodePtr) -> XMLTree {
        var tree = XMLTree(namespace: string(node.pointee.ns?.pointee.href), name: string(node.pointee.name) ?? "",
                           attributes: [], children: [], text: "")
        var attribute = node.pointee.properties
        while let a = attribute {
            let value: String
            if let raw = xmlNodeListGetString(node.pointee.doc, a.pointee.children, 1) {
                value = String(cString: raw)
                kg_xmlFree(raw)
            } else {
                value = ""
            }
            tree.attributes.append((string(a.pointee.ns?.pointee.href), string(a.pointee.name) ?? "", value))
            attribute = a.pointee.next
        }
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE: tree.children.append(element(c))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: tree.text += string(c.pointee.content) ?? ""
            default: break
            }
            child = c.pointee.next
        }
        return tree
    }
}
