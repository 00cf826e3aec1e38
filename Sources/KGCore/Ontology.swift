import Foundation

/// The ontology: the classes nodes belong to and the relation types edges carry, with their IRIs and
/// alignments (schema.org, CAMEO). Loaded from `ontology.json` so users extend it without recompiling.
public struct Ontology: Sendable, Codable, Equatable {
    /// A class of entities (`Person`, …).
    public struct EntityClass: Sendable, Codable, Equatable {
        /// The name nodes carry as their `type`, and the local name of the class IRI.
        public var name: String
        public var label: String
        public var comment: String
        /// The equivalent schema.org class, as an IRI (`http://schema.org/Person`).
        public var schemaOrg: String?
        /// How DOT draws nodes of the class.
        public var dotShape: String
        public var dotColor: String
    }

    /// A relation type (`statement`, …).
    public struct RelationType: Sendable, Codable, Equatable {
        /// The name edges carry as their `predicate`, and the local name of the property IRI.
        public var name: String
        public var label: String
        public var comment: String
        /// The CAMEO event code the relation corresponds to (`010`).
        public var cameo: String?
        /// Class names allowed as subject and as object (empty: any).
        public var domain: [String]
        public var range: [String]
        public var dotColor: String
    }

    /// The ontology's own IRI.
    public var iri: String
    /// The namespace of classes and properties; ends in `#` or `/`.
    public var namespace: String
    /// The prefix for `namespace` in QNames (`kg`).
    public var prefix: String
    /// The namespace entity IRIs are minted in; ends in `/`.
    public var entityNamespace: String
    public var classes: [EntityClass]
    public var relations: [RelationType]

    public func entityClass(_ type: EntityType) -> EntityClass? { classes.first { $0.name == type.rawValue } }
    public func relationType(_ predicate: Predicate) -> RelationType? { relations.first { $0.name == predicate.rawValue } }

    /// The IRI of a class or property of the ontology (`…#Person`, `…#honors`).
    public func term(_ localName: String) -> String { namespace + localName }
    /// The IRI of a node.
    public func entityIRI(_ nodeID: String) -> String { entityNamespace + nodeID }

    /// Reads `ontology.json` from a directory.
    /// - Throws: `KGError.ontology` naming the file and what is wrong.
    public static func load(from directory: URL) throws -> Ontology {
        let file = directory.appendingPathComponent("ontology.json")
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw KGError.ontology(file: file.path, message: "cannot read it (\(error.localizedDescription)); pass --ontology DIR with an ontology.json")
        }
        let ontology: Ontology
        do { ontology = try JSONDecoder().decode(Ontology.self, from: data) } catch {
            throw KGError.ontology(file: file.path, message: "is not a valid ontology: \(error)")
        }
        try ontology.validate(file: file.path)
        return ontology
    }

    /// Checks names are unique and usable as IRI local names, and namespaces end in `#` or `/`.
    public func validate(file: String) throws {
        func fail(_ m: String) -> KGError { .ontology(file: file, message: m) }
        guard namespace.hasSuffix("#") || namespace.hasSuffix("/") else { throw fail("namespace must end in # or /") }
        guard entityNamespace.hasSuffix("/") || entityNamespace.hasSuffix("#") else { throw fail("entityNamespace must end in / or #") }
        let names = classes.map(\.name) + relations.map(\.name)
        guard Set(names).count == names.count else { throw fail("class and relation names must be unique") }
        for name in names {
            guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
                  name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
            else { throw fail("'\(name)' is not usable as an XML name (letters, digits, _ and -, not starting with a digit)") }
        }
    }
}
