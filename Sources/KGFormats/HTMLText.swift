import Foundation
import KGCore
internal import CLibXML2

/// HTML articles to plain text, through libxml2's forgiving HTML parser.
///
/// Scripts, styles, navigation, headers, footers, asides, forms and other page furniture are dropped;
/// the page title and the body text are kept. Block elements (`p`, `div`, `h1`…, `li`, `br`…) become
/// paragraph breaks, so the sentence splitter sees headlines and paragraphs as separate.
public enum HTMLText {
    /// The text of an HTML page.
    /// - Parameters:
    ///   - bytes: the page, UTF-8 (a `<meta charset>` naming another encoding is ignored: kg reads UTF-8).
    ///   - file: the name used in errors.
    /// - Returns: the `<title>` (or first `<h1>`) and the text: the title, a blank line, then the body,
    ///   paragraphs separated by blank lines (the title is not repeated when the body starts with it).
    /// - Throws: `KGError.input` when libxml2 cannot make a document of it.
    public static func extract(_ bytes: [UInt8], file: String) throws -> (title: String?, text: String) {
        initialize
        if bytes.isEmpty { return (nil, "") }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOBLANKS.rawValue | HTML_PARSE_COMPACT.rawValue)
        guard bytes.count < Int(Int32.max) else { throw KGError.input(file: file, message: "HTML page is too large") }
        let doc: htmlDocPtr? = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                htmlReadMemory(p, Int32(buf.count), file, "UTF-8", options)
            }
        }
        guard let doc else { throw KGError.input(file: file, message: "libxml2 could not parse it as HTML") }
        defer { xmlFreeDoc(doc) }
        var walker = Walker()
        if let root = xmlDocGetRootElement(doc) { walker.walk(root) }
        walker.breakParagraph()
        let body = walker.paragraphs.joined(separator: "\n\n")
        let title = (walker.title.map(clean) ?? walker.firstH1).flatMap { $0.isEmpty ? nil : $0 }
        guard let title else { return (nil, body) }
        if body.hasPrefix(title) { return (title, body) }
        // "Bridge opens | Example News" over a body that starts with its headline "Bridge opens"
        if let h1 = walker.firstH1, title.hasPrefix(h1), body.hasPrefix(h1) { return (title, body) }
        return (title, body.isEmpty ? title : title + "\n\n" + body)
    }

    private static let initialize: Void = {
        xmlInitParser()
        kg_xmlSilenceGenericErrors()
    }()

    /// Elements whose content is never article text.
    static let dropped: Set<String> = [
        "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "template",
        "button", "select", "option", "textarea", "input", "menu", "figure", "figcaption", "object", "embed",
        "canvas", "video", "audio", "map", "head",
    ]
    /// Elements that end a paragraph.
    static let blocks: Set<String> = [
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
        "td", "th", "blockquote", "pre", "section", "article", "main", "hr", "address", "body", "html",
    ]
    /// `role` and class/id words that mark page furniture.
    static let furnitureWords: [String] = ["nav", "menu", "footer", "header", "breadcrumb", "cookie", "share", "social", "sidebar", "banner", "advert", "promo", "related", "newsletter", "subscribe"]

    static func clean(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    struct Walker {
        var paragraphs: [String] = []
        var current = ""
        var title: String?
        var firstH1: String?
        /// Depth of `article`/`main` elements: a header inside an article is the article's (its headline).
        var articleDepth = 0

        mutating func breakParagraph() {
            let p = HTMLText.clean(current)
            if !p.isEmpty { paragraphs.append(p) }
            current = ""
        }

        mutating func walk(_ node: xmlNodePtr) {
            var child: xmlNodePtr? = node
            while let n = child {
                visit(n)
                child = n.pointee.next
            }
        }

        static func name(_ n: xmlNodePtr) -> String {
            guard let p = n.pointee.name else { return "" }
            return String(cString: p).lowercased()
        }

        static func attribute(_ n: xmlNodePtr, _ name: String) -> String? {
            guard let v = xmlGetProp(n, name) else { return nil }
            defer { kg_xmlFree(v) }
            return String(cString: v)
        }

        static func content(_ n: xmlNodePtr) -> String {
            guard let v = xmlNodeGetContent(n) else { return "" }
            defer { kg_xmlFree(v) }
            return String(cString: v)
        }

        static func isFurniture(_ n: xmlNodePtr) -> Bool {
            if let role = attribute(n, "role")?.lowercased(), ["navigation", "banner", "contentinfo", "complementary", "menu", "search"].contains(role) { return true }
            if attribute(n, "hidden") != nil { return true }
            let marks = ((attribute(n, "class") ?? "") + " " + (attribute(n, "id") ?? "")).lowercased()
            if marks.trimmingCharacters(in: .whitespaces).isEmpty { return false }
            let words = marks.split(whereSeparator: { !$0.isLetter })
            return words.contains { w in HTMLText.furnitureWords.contains(String(w)) }
        }

        mutating func visit(_ n: xmlNodePtr) {
            switch n.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                current += Walker.content(n)
            case XML_ELEMENT_NODE:
                let tag = Walker.name(n)
                if tag == "title" {
                    if title == nil { title = Walker.content(n) }
                    return
                }
                if tag == "head" {
                    // only the title matters in the head
                    var c = n.pointee.children
                    while let k = c {
                        if Walker.name(k) == "title", title == nil { title = Walker.content(k) }
                        c = k.pointee.next
                    }
                    return
                }
                let inArticleHeader = articleDepth > 0 && tag == "header"
                if (HTMLText.dropped.contains(tag) && !inArticleHeader) || Walker.isFurniture(n) && !inArticleHeader { return }
                let isArticle = tag == "article" || tag == "main"
                if isArticle { articleDepth += 1 }
                defer { if isArticle { articleDepth -= 1 } }
                let block = HTMLText.blocks.contains(tag)
                if block { breakParagraph() }
                if tag == "h1", firstH1 == nil {
                    let h = HTMLText.clean(Walker.content(n))
                    if !h.isEmpty { firstH1 = h }
                }
                if let c = n.pointee.children { walk(c) }
                if block { breakParagraph() }
            default:
                return
            }
        }
    }
}
