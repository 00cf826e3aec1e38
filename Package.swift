// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "kg",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "KG", targets: ["KGCore", "KGOntology", "KGFormats", "KGExtraction", "KGMerge", "KGQuery"]),
        .executable(name: "kg", targets: ["kg"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libxml2 through pkg-config (Debian: libxml2-dev).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // Graph model, provenance, ontology vocabulary. No format I/O.
        .target(name: "KGCore"),
        // The bundled ontology and lexicons (data users can edit without recompiling).
        .target(
            name: "KGOntology",
            path: "Ontology",
            exclude: ["README.md"],
            sources: ["KGOntology.swift"],
            resources: [.copy("ontology.json"), .copy("lexicons"), .copy("models"), .copy("kg.owl"), .copy("merge.json")]
        ),
        .target(name: "KGFormats", dependencies: ["KGCore", "CLibXML2"]),
        .target(name: "KGExtraction", dependencies: ["KGCore", "KGFormats"]),
        .target(name: "KGMerge", dependencies: ["KGCore"]),
        .target(name: "KGQuery", dependencies: ["KGCore"]),
        .executableTarget(
            name: "kg",
            dependencies: [
                "KGCore", "KGOntology", "KGFormats", "KGExtraction", "KGMerge", "KGQuery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "query-bench", dependencies: ["KGCore", "KGOntology", "KGFormats", "KGQuery"], path: "Benchmarks/query-bench", exclude: ["oxigraph_bench.py", "README.md"]),
        .executableTarget(name: "kg-bench", dependencies: ["KGCore", "KGOntology", "KGFormats", "KGExtraction", "KGMerge", "KGQuery"], path: "Benchmarks/kg-bench", exclude: ["README.md"]),
        .executableTarget(name: "merge-bench", dependencies: ["KGCore", "KGOntology", "KGFormats", "KGExtraction", "KGMerge"], path: "Benchmarks/merge-bench", exclude: ["README.md"]),
        .target(name: "KGTestSupport", dependencies: ["KGCore", "KGOntology"], path: "Tests/KGTestSupport"),
        .testTarget(name: "KGCoreTests", dependencies: ["KGCore", "KGOntology", "KGTestSupport"]),
        .testTarget(name: "KGFormatsTests", dependencies: ["KGFormats", "KGTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "KGExtractionTests", dependencies: ["KGExtraction", "KGTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "KGMergeTests", dependencies: ["KGMerge", "KGFormats", "KGTestSupport"]),
        .testTarget(name: "KGQueryTests", dependencies: ["KGQuery", "KGFormats", "KGTestSupport"]),
        .testTarget(name: "KGCLITests", dependencies: ["KGTestSupport"]),
    ]
)
