import CKBDKIM
import CKBTestSupport
import Foundation
import Testing

/// The public corpora of `../shared/vectors/dkim` (Mail::DKIM's and dkimpy's messages, their
/// keys, and the verdict a strict verifier must reach).
@Suite(.enabled(if: TestPaths.hasSharedVectors, TestPaths.sharedVectorsMissing))
struct DKIMCorpusTests {
    static let root = TestPaths.sharedVectors?.appendingPathComponent("dkim")
    /// After t= 1,700,000,000 and before the far-future x= of the corpus.
    static let time: UInt64 = 1_760_000_000

    struct Case: Sendable, CustomTestStringConvertible {
        let path: String
        let keys: String
        let strict: String
        var testDescription: String { path }
    }

    static let cases: [Case] = {
        guard let root, let data = try? Data(contentsOf: root.appendingPathComponent("expected.json")),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] else { return [] }
        return json.keys.sorted().map { Case(path: $0, keys: json[$0]!["keys"] as! String, strict: json[$0]!["strict"] as! String) }
    }()

    @Test(arguments: cases)
    func strictVerdict(c: Case) throws {
        let root = try #require(Self.root)
        var keyFiles = [Array(try Data(contentsOf: root.appendingPathComponent(c.keys)))]
        let errors = root.appendingPathComponent("keys/mail-dkim-dns-errors.json")
        if let extra = try? Data(contentsOf: errors) { keyFiles.insert(Array(extra), at: 0) }
        let provider = try DKIMFileKeyProvider(json: keyFiles)
        let message = try DKIMMessage(Array(try Data(contentsOf: root.appendingPathComponent(c.path))))
        let result = DKIMVerifier(keys: provider, time: Self.time).verify(message)
        let reasons = result.signatures.map { "\($0.result.rawValue): \($0.reason)" }.joined(separator: "; ")
        #expect(result.result.rawValue == c.strict, "\(c.path): \(reasons)")
    }
}
