internal import CLibXML2
import Foundation
import KGCore

/// An attribute of an XML element, with its namespace resolved.
struct XMLAttribute: Sendable, Equatable {
    /// The namespace URI, empty when the attribute has none.
    var namespace: String
    var localName: String
    var value: String
}

/// The start of an XML element, with its attributes (namespace declarations left out).
struct XMLElementStart: Sendable {
    var namespace: String
    var localName: String
    var attributes: [XMLAttribute]
    /// 1-based position of the element in the file, for error messages.
    var line: Int
    var column: Int

    /// The value of the attribute with this namespace and local name.
    func attribute(_ localName: String, namespace: String = "") -> String? {
        attributes.first { $0.localName == localName && $0.namespace == namespace }?.value
    }
}

/// One step of a streaming XML read.
enum XMLEvent: Sendable {
    case start(XMLElementStart)
    /// The end of the element opened by the matching `start` (also sent for empty elements).
    case end(namespace: String, localName: String)
    /// Character data (text, CDATA or white space), in pieces: consumers concatenate.
    case text(String)
}

/// Limits that keep a hostile file from exhausting the machine.
struct XMLReadLimits: Sendable {
    /// The deepest element nesting accepted.
    var maxDepth: Int = 256
    /// The largest input accepted, in bytes.
    var maxBytes: Int = 4 << 30
    static let `default` = XMLReadLimits()
}

/// A streaming, untrusting XML reader over libxml2's `xmlTextReader`.
///
/// - No network (`XML_PARSE_NONET`), no DTD loading or validation, no entity substitution.
/// - A DOCTYPE that declares entities (internal or external: the "billion laughs" and XXE attacks) is
///   rejected, as is any entity reference left in the content.
/// - Nesting depth and input size are limited (`XMLReadLimits`); libxml2's own limits on text size stay on
///   (no `XML_PARSE_HUGE`).
/// - libxml2 prints nothing: its errors are collected through a structured handler and thrown as
///   `KGError.parse(file:line:column:message:)`.
final class XMLReader {
    private var reader: xmlTextReaderPtr?
    /// Input bytes when reading from memory; must outlive `reader`.
    private var buffer: UnsafeMutableRawBufferPointer?
    /// The name errors are reported under.
    let file: String
    let limits: XMLReadLimits
    private var firstError: (line: Int, column: Int, message: String)?
    private var pendingEnd: (namespace: String, localName: String)?
    private var finished = false

    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parser options: no network, CDATA as text; never NOENT, DTDLOAD, DTDVALID or HUGE.
    private static var options: Int32 {
        Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOWARNING.rawValue)
    }

    /// Opens a file for reading.
    /// - Throws: `KGError.input` when the file is missing, unreadable, a directory or too large.
    init(path: String, limits: XMLReadLimits = .default) throws {
        _ = Self.initialized
        self.file = path
        self.limits = limits
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw KGError.input(file: path, message: "no such file; check the path")
        }
        guard !isDirectory.boolValue else { throw KGError.input(file: path, message: "is a directory; pass a graph file") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limits.maxBytes else {
            throw KGError.input(file: path, message: "is \(size) bytes, more than the limit of \(limits.maxBytes)")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw KGError.input(file: path, message: "cannot be read; check its permissions")
        }
        kg_xmlSilenceGenericErrors()
        reader = xmlReaderForFile(path, nil, Self.options)
        guard reader != nil else { throw KGError.input(file: path, message: "cannot be opened for reading") }
        configure()
    }

    /// Reads XML held in memory; `name` is the file name errors report.
    init(data: Data, name: String, limits: XMLReadLimits = .default) throws {
        _ = Self.initialized
        self.file = name
        self.limits = limits
        guard data.count <= limits.maxBytes else {
            throw KGError.input(file: name, message: "is \(data.count) bytes, more than the limit of \(limits.maxBytes)")
        }
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 1)
        data.copyBytes(to: buf)
        buffer = buf
        kg_xmlSilenceGenericErrors()
        reader = xmlReaderForMemory(buf.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(data.count), name, nil, Self.options)
        guard reader != nil else { throw KGError.input(file: name, message: "cannot be parsed as XML") }
        configure()
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
        buffer?.deallocate()
    }

    private func configure() {
        guard let reader else { return }
        xmlTextReaderSetParserProp(reader, Int32(XML_PARSER_LOADDTD.rawValue), 0)
        xmlTextReaderSetParserProp(reader, Int32(XML_PARSER_DEFAULTATTRS.rawValue), 0)
        xmlTextReaderSetParserProp(reader, Int32(XML_PARSER_VALIDATE.rawValue), 0)
        xmlTextReaderSetParserProp(reader, Int32(XML_PARSER_SUBST_ENTITIES.rawValue), 0)
        let context = Unmanaged.passUnretained(self).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let me = Unmanaged<XMLReader>.fromOpaque(context).takeUnretainedValue()
            let e = error.pointee
            guard e.level.rawValue >= XML_ERR_ERROR.rawValue, me.firstError == nil else { return }
            var message = e.message.map { String(cString: $0) } ?? "malformed XML"
            message = message.trimmingCharacters(in: .whitespacesAndNewlines)
            me.firstError = (Int(e.line), Int(e.int2), message)
        }, context)
    }

    /// The current position of the parser (1-based line and column).
    var position: (line: Int, column: Int) {
        guard let reader else { return (0, 0) }
        return (Int(xmlTextReaderGetParserLineNumber(reader)), Int(xmlTextReaderGetParserColumnNumber(reader)))
    }

    /// A parse error at the current position (or at the first error libxml2 reported).
    func error(_ message: String, line: Int? = nil, column: Int? = nil) -> KGError {
        let p = position
        return KGError.parse(file: file, line: line ?? p.line, column: column ?? p.column, message: Self.oneLine(message))
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// The next event, or nil at the end of the document.
    /// - Throws: `KGError.parse` for malformed or unsafe XML.
    func next() throws -> XMLEvent? {
        if let end = pendingEnd {
            pendingEnd = nil
            return .end(namespace: end.namespace, localName: end.localName)
        }
        guard let reader, !finished else { return nil }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 {
                finished = true
                if let e = firstError { throw KGError.parse(file: file, line: e.line, column: e.column, message: Self.oneLine(e.message)) }
                return nil
            }
            if status < 0 || firstError != nil {
                finished = true
                if let e = firstError { throw KGError.parse(file: file, line: e.line, column: e.column, message: Self.oneLine(e.message)) }
                throw error("malformed XML")
            }
            let type = xmlTextReaderNodeType(reader)
            switch type {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let depth = Int(xmlTextReaderDepth(reader))
                guard depth < limits.maxDepth else {
                    finished = true
                    throw error("elements nested deeper than \(limits.maxDepth) levels; refusing the file")
                }
                // The element's own line (the parser itself may have read ahead); its column when the
                // parser is still on that line.
                var p = position
                if let node = xmlTextReaderCurrentNode(reader) {
                    let line = Int(xmlGetLineNo(node))
                    if line > 0 && line != p.line { p = (line, 1) }
                }
                let namespace = name(xmlTextReaderConstNamespaceUri(reader))
                let localName = name(xmlTextReaderConstLocalName(reader))
                var attributes: [XMLAttribute] = []
                if xmlTextReaderHasAttributes(reader) == 1 {
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        let ns = name(xmlTextReaderConstNamespaceUri(reader))
                        if ns == "http://www.w3.org/2000/xmlns/" { continue }
                        attributes.append(XMLAttribute(namespace: ns, localName: name(xmlTextReaderConstLocalName(reader)),
                                                       value: Self.string(xmlTextReaderConstValue(reader))))
                    }
                    xmlTextReaderMoveToElement(reader)
                }
                if xmlTextReaderIsEmptyElement(reader) == 1 { pendingEnd = (namespace, localName) }
                return .start(XMLElementStart(namespace: namespace, localName: localName, attributes: attributes, line: p.line, column: p.column))
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                return .end(namespace: name(xmlTextReaderConstNamespaceUri(reader)), localName: name(xmlTextReaderConstLocalName(reader)))
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                return .text(Self.string(xmlTextReaderConstValue(reader)))
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                try checkDocumentType()
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
                finished = true
                throw error("entity reference '\(Self.string(xmlTextReaderConstName(reader)))': kg does not expand entities")
            default:
                continue // comments, processing instructions, XML declaration
            }
        }
    }

    /// Rejects a DOCTYPE that declares entities (general or parameter, internal or external).
    private func checkDocumentType() throws {
        guard let reader, let doc = xmlTextReaderCurrentDoc(reader) else { return }
        for dtd in [doc.pointee.intSubset, doc.pointee.extSubset] {
            guard let dtd else { continue }
            if dtd.pointee.entities != nil || dtd.pointee.pentities != nil {
                finished = true
                throw error("the DOCTYPE declares entities; kg refuses entity declarations in untrusted XML (entity expansion and external entities)")
            }
        }
    }

    /// The text of an element whose `start` was just returned, up to its end; fails on a child element.
    func readText(of element: XMLElementStart) throws -> String {
        var text = ""
        while let event = try next() {
            switch event {
            case .text(let t): text += t
            case .end: return text
            case .start(let child):
                throw error("unexpected element <\(child.localName)> inside <\(element.localName)>, which holds text", line: child.line, column: child.column)
            }
        }
        throw error("the file ends inside <\(element.localName)>")
    }

    /// Skips the rest of an element whose `start` was just returned, with everything inside it.
    func skipElement() throws {
        var depth = 1
        while let event = try next() {
            switch event {
            case .start: depth += 1
            case .end:
                depth -= 1
                if depth == 0 { return }
            case .text: continue
            }
        }
    }

    /// Names and namespace URIs, which libxml2 interns in the reader's dictionary: one Swift string each.
    private var interned: [UnsafePointer<xmlChar>: String] = [:]

    private func name(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        if let s = interned[p] { return s }
        let s = String(cString: p)
        if interned.count < 4096 { interned[p] = s }
        return s
    }

    private static func string(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }
}
