import Foundation
import Testing
import KGCore
import KGTestSupport
@testable import KGFormats

@Suite("OWL export of the ontology")
struct OntologyExportTests {
    @Test("Ontology/kg.owl is what `kg ontology` writes (regenerate: swift run kg ontology -o Ontology/kg.owl)")
    func inSync() throws {
        let written = try Formats.serializeOntology(try TestSupport.ontology())
        let committed = try Data(contentsOf: TestSupport.packageRoot.appendingPathComponent("Ontology/kg.owl"))
        #expect(committed == written, "Ontology/kg.owl is stale: run `swift run kg ontology -o Ontology/kg.owl`")
    }

    @Test("a class per class, an object property per relation with its CAMEO code, datatype properties")
    func content() throws {
        let ontology = try TestSupport.ontology()
        let root = try XMLTree.parse([UInt8](try Formats.serializeOntology(ontology)))
        let owl = RDFXMLWriter.owl
        #expect(root.children.first?.name == "Ontology" && root.children.first?.attribute("about") == ontology.iri)
        let classes = root.children.filter { $0.namespace == owl && $0.name == "Class" }
        #expect(classes.map { $0.attribute("about")! } == ontology.classes.map { ontology.term($0.name) })
        for (element, c) in zip(classes, ontology.classes) {
            #expect(element.children.first { $0.name == "equivalentClass" }?.attribute("resource") == c.schemaOrg)
            #expect(element.children.first { $0.name == "label" }?.text == c.label)
        }
        let properties = root.children.filter { $0.namespace == owl && $0.name == "ObjectProperty" }
        #expect(properties.map { $0.attribute("about")! } == ontology.relations.map { ontology.term($0.name) })
        for (element, r) in zip(properties, ontology.relations) {
            #expect(element.children.first { $0.name == "cameoCode" }?.text == r.cameo)
            #expect(element.children.first { $0.name == "domain" }?.attribute("resource") == (r.domain.count == 1 ? ontology.term(r.domain[0]) : nil))
            #expect(element.children.first { $0.name == "range" }?.attribute("resource") == (r.range.count == 1 ? ontology.term(r.range[0]) : nil))
        }
        let datatype = Set(root.children.filter { $0.name == "DatatypeProperty" }.map { $0.attribute("about")! })
        for name in ["evidence", "source", "document", "start", "end", "date", "trigger", "confidence", "provenance", "mentions"] {
            #expect(datatype.contains(ontology.term(name)))
        }
    }
}
