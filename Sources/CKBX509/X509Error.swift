import SwiftASN1

/// Why certificate or CRL bytes could not be read. Validation failures are not errors: they are
/// ``X509Failure`` values in a ``X509Verifier/Outcome``.
public struct X509Error: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not PEM, or PEM of another type.
        case pem
        /// The DER breaks ASN.1 DER or the structure RFC 5280 gives it.
        case encoding
        /// Well formed, but a form this package does not read (say, a version 4 certificate).
        case unsupported
    }

    public let kind: Kind
    /// What was wrong and where, as a path from the top of the structure
    /// (`Certificate.tbsCertificate.extensions[2].basicConstraints`).
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }
}

/// Reads the children of a constructed DER node in order, naming where it is for errors.
struct DERReader {
    var iterator: ASN1NodeCollection.Iterator
    let path: String

    init(_ node: ASN1Node, _ path: String, identifier: ASN1Identifier = .sequence) throws {
        guard node.identifier == identifier else {
            throw X509Error(.encoding, "\(path): expected \(identifier), found \(node.identifier)")
        }
        guard case .constructed(let children) = node.content else {
            throw X509Error(.encoding, "\(path): expected a constructed value")
        }
        iterator = children.makeIterator()
        self.path = path
    }

    /// The next child, which must be there.
    mutating func next(_ what: String) throws -> ASN1Node {
        guard let node = iterator.next() else { throw X509Error(.encoding, "\(path): missing \(what)") }
        return node
    }

    /// The next child if it has `identifier` (it is consumed), else nil.
    mutating func optional(_ identifier: ASN1Identifier) -> ASN1Node? {
        var copy = iterator
        guard let node = copy.next(), node.identifier == identifier else { return nil }
        iterator = copy
        return node
    }

    var isAtEnd: Bool {
        var copy = iterator
        return copy.next() == nil
    }

    /// Fails if anything is left.
    func end() throws {
        guard isAtEnd else { throw X509Error(.encoding, "\(path): unexpected trailing field") }
    }

    /// Every remaining child.
    mutating func rest() -> [ASN1Node] {
        var nodes: [ASN1Node] = []
        while let node = iterator.next() { nodes.append(node) }
        return nodes
    }
}

extension ASN1Identifier {
    static func context(_ number: UInt) -> ASN1Identifier { ASN1Identifier(tagWithNumber: number, tagClass: .contextSpecific) }
}

/// Runs a swift-asn1 decoder and turns its errors into ``X509Error`` at `path`.
func decode<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as X509Error {
        throw error
    } catch {
        throw X509Error(.encoding, "\(path): \(error)")
    }
}

/// The primitive content of `node`, which must carry `identifier`.
func primitive(_ node: ASN1Node, _ identifier: ASN1Identifier, _ path: String) throws -> ArraySlice<UInt8> {
    guard node.identifier == identifier, case .primitive(let bytes) = node.content else {
        throw X509Error(.encoding, "\(path): expected a primitive \(identifier), found \(node.identifier)")
    }
    return bytes
}
