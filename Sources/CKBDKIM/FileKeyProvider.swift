import CKBJSON

/// Key records from JSON, as `../shared/vectors/dkim/keys/` holds them: an object from
/// `selector._domainkey.domain` to the TXT text, to a list of texts when the name has several
/// records, or to `"NXDOMAIN"`, `"SERVFAIL"` or `"TIMEOUT"`. Names are matched without case.
public struct DKIMFileKeyProvider: DKIMKeyProvider {
    public let entries: [String: DKIMKeyLookup]

    public struct Malformed: Error, Equatable, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(entries: [String: DKIMKeyLookup]) {
        var lowered: [String: DKIMKeyLookup] = [:]
        for (k, v) in entries { lowered[k.lowercased()] = v }
        self.entries = lowered
    }

    /// Reads one or more JSON files' bytes; later files override earlier ones name by name.
    public init(json documents: [[UInt8]]) throws(Malformed) {
        var entries: [String: DKIMKeyLookup] = [:]
        for (n, bytes) in documents.enumerated() {
            let root: JSON
            do {
                root = try JSON.parse(bytes)
            } catch {
                throw Malformed(description: "key file \(n + 1): \(error)")
            }
            guard let object = root.objectValue else { throw Malformed(description: "key file \(n + 1): not a JSON object") }
            for (name, value) in object {
                if let text = value.stringValue {
                    switch text {
                    case "NXDOMAIN": entries[name.lowercased()] = .notFound
                    case "SERVFAIL": entries[name.lowercased()] = .temporaryFailure("SERVFAIL")
                    case "TIMEOUT": entries[name.lowercased()] = .temporaryFailure("timeout")
                    default: entries[name.lowercased()] = .records([text])
                    }
                } else if let list = value.arrayValue {
                    var records: [String] = []
                    for item in list {
                        guard let text = item.stringValue else { throw Malformed(description: "key file \(n + 1): \(name): a list of non-strings") }
                        records.append(text)
                    }
                    entries[name.lowercased()] = .records(records)
                } else {
                    throw Malformed(description: "key file \(n + 1): \(name): expected a string or a list of strings")
                }
            }
        }
        self.entries = entries
    }

    public func txtRecords(_ name: String) -> DKIMKeyLookup { entries[name.lowercased()] ?? .notFound }
}
