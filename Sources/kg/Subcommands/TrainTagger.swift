import ArgumentParser
import Foundation
import KGExtraction
import KGOntology

/// `kg train-tagger`: trains the named-entity sequence tagger on CoNLL-2003 data, or scores a model.
struct TrainTagger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-tagger",
        abstract: "Train the named-entity tagger on CoNLL-2003 files, or score a tagger model on one.",
        discussion: """
        Training is deterministic: the same files and options give a byte-identical model.
        The dev file is only scored (after every epoch), never trained on.

        Examples:
          kg train-tagger --train ../shared/ner/conll2003-eng.train --dev ../shared/ner/conll2003-eng.testa \\
              --unlabeled ../shared/corpus/bbc -o Ontology/models/ner.bin
          kg train-tagger --model Ontology/models/ner.bin --evaluate ../shared/ner/conll2003-eng.testa
        """
    )

    @Option(help: "CoNLL-2003 training file (token first, NER tag last).")
    var train: String?

    @Option(help: "CoNLL-2003 development file, scored after every epoch.")
    var dev: String?

    @Option(name: [.short, .customLong("output")], help: "Where to write the trained model.")
    var output: String?

    @Option(help: "A model to score with --evaluate instead of training one (default: the bundled model).")
    var model: String?

    @Option(help: "CoNLL-2003 files to score the model on (conlleval span F1), after training if --train is given.")
    var evaluate: [String] = []

    @Option(help: "Perceptron epochs of the first pass.")
    var iterations: Int = TaggerTrainingOptions().iterations

    @Option(help: "Perceptron epochs of the second, document-history pass (0: one-pass model).")
    var secondPassIterations: Int = TaggerTrainingOptions().secondPassIterations

    @Option(help: "Folds for the jackknifed first-pass labels the second pass learns from.")
    var folds: Int = TaggerTrainingOptions().folds

    @Option(help: "Seed of the deterministic shuffle.")
    var seed: UInt64 = TaggerTrainingOptions().seed

    @Option(help: "Unlabeled UTF-8 text (file or directory of .txt, repeatable) for the case prior and word clusters.")
    var unlabeled: [String] = []

    @Option(help: "Directory of tagger-*.tsv gazetteers (default: the bundled Ontology/lexicons).")
    var gazetteers: String?

    @Flag(help: "Train without gazetteers.")
    var noGazetteers = false

    @Option(help: "With one --evaluate file: also write the predicted PER/LOC/ORG mentions as kg JSONL mention lines over the documents `conll_eval.py docs` writes (doc0000...), for `conll_eval.py score`.")
    var mentions: String?

    func validate() throws {
        if train == nil && evaluate.isEmpty { throw ValidationError("give --train FILE to train a model, or --evaluate FILE to score one") }
        if train != nil && output == nil { throw ValidationError("--train needs -o FILE: where to write the model") }
        if train != nil && model != nil { throw ValidationError("--model scores an existing model; leave it out when training with --train") }
        if iterations < 1 { throw ValidationError("--iterations must be at least 1") }
        if secondPassIterations < 0 { throw ValidationError("--second-pass-iterations must be 0 or more") }
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if mentions != nil && evaluate.count != 1 { throw ValidationError("--mentions needs exactly one --evaluate file") }
    }

    func run() throws {
        let tagger: SequenceTagger
        if let train {
            var options = TaggerTrainingOptions()
            options.iterations = iterations
            options.secondPassIterations = secondPassIterations
            options.folds = folds
            options.seed = seed
            options.unlabeled = unlabeled.map { URL(fileURLWithPath: $0) }
            if !noGazetteers {
                options.gazetteerDirectory = URL(fileURLWithPath: gazetteers ?? BundledOntology.directory.appendingPathComponent("lexicons").path)
            }
            let trainDocs = try CoNLLReader.read(contentsOf: URL(fileURLWithPath: train))
            let devDocs = try dev.map { try CoNLLReader.read(contentsOf: URL(fileURLWithPath: $0)) }
            let start = Date()
            tagger = try TaggerTrainer.train(train: trainDocs, dev: devDocs, options: options) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            try tagger.save(to: URL(fileURLWithPath: output!))
            FileHandle.standardError.write(Data(String(format: "trained in %.1f s; model written to %@\n", Date().timeIntervalSince(start), output!).utf8))
            if let devDocs { print("dev \(dev!):\n\(tagger.evaluate(devDocs))") }
        } else {
            let path = model ?? BundledOntology.directory.appendingPathComponent("models/ner.bin").path
            tagger = try SequenceTagger.load(from: URL(fileURLWithPath: path))
        }
        for file in evaluate {
            let docs = try CoNLLReader.read(contentsOf: URL(fileURLWithPath: file))
            let tokens = docs.reduce(0) { $0 + $1.sentences.reduce(0) { $0 + $1.tokens.count } }
            let start = Date()
            let score = tagger.evaluate(docs)
            let seconds = Date().timeIntervalSince(start)
            print("\(file):\n\(score)")
            print(String(format: "%d tokens in %.2f s (%.0f tokens/s)", tokens, seconds, Double(tokens) / seconds))
            if let mentions { try writeMentions(tagger: tagger, documents: docs, to: mentions) }
        }
    }

    /// Mention lines over the layout of `conll_eval.py docs`: sentences one a line, tokens joined by
    /// single spaces, offsets in code points.
    private func writeMentions(tagger: SequenceTagger, documents: [CoNLLDocument], to path: String) throws {
        struct Mention: Encodable { var kind = "mention", doc: String, start: Int, end: Int, text: String, type: String, node: String }
        let kinds = ["PER": "Person", "LOC": "Place", "ORG": "Organization"]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for (d, doc) in documents.enumerated() {
            let id = String(format: "doc%04d", d)
            let sentences = doc.sentences.map(\.tokens)
            var offset = 0
            for (tokens, spans) in zip(sentences, tagger.entities(sentences: sentences)) {
                var starts: [Int] = [], pos = offset
                for t in tokens { starts.append(pos); pos += t.unicodeScalars.count + 1 }
                for s in spans {
                    guard let type = kinds[s.type] else { continue }
                    let text = tokens[s.start..<s.end].joined(separator: " ")
                    let m = Mention(doc: id, start: starts[s.start], end: starts[s.start] + text.unicodeScalars.count, text: text, type: type, node: "")
                    out.append(try encoder.encode(m)); out.append(0x0A)
                }
                offset = pos
            }
        }
        do { try out.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw ValidationError("\(path): cannot write the mentions (\(error.localizedDescription))")
        }
    }
}
