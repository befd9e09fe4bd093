/// Why a vector file could not be run: it is unreadable, not in a format the runner knows, or
/// malformed (with the place: a line, or a case).
public struct VectorError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case unreadable(String)
        case notRecognised
        case malformed(String)
    }

    public let path: String
    public let kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .unreadable(let reason): return "cannot read '\(path)': \(reason)"
        case .notRecognised: return "'\(path)' is not a vector file in a format this runner recognises (see Docs/Vectors.md)"
        case .malformed(let reason): return "'\(path)': \(reason)"
        }
    }
}
