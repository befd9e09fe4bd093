/// A hash chosen at run time, with its parameters: what the CLI and the vector runner use.
///
/// For code that knows its hash at compile time, use the concrete types (``CKBHasher``,
/// ``BLAKE2b``, ``SHA256``, ``Eaglesong``, ``HMAC``) directly: they are faster and cannot fail.
public enum HashAlgorithm: Sendable, Hashable, CustomStringConvertible {
    /// CKB's hash: 32-byte BLAKE2b personalized with `ckb-default-hash`.
    case ckb
    /// BLAKE2b with explicit parameters (lengths are checked by ``makeHasher()``).
    case blake2b(digestByteCount: Int, key: [UInt8] = [], salt: [UInt8] = [], personalization: [UInt8] = [])
    case sha256
    /// SHA-384.
    case sha384
    /// SHA-512.
    case sha512
    /// HMAC-SHA256 under `key`.
    case hmacSHA256(key: [UInt8])
    /// Eaglesong-256.
    case eaglesong

    public var description: String {
        switch self {
        case .ckb: return "ckb"
        case .blake2b(let n, let key, let salt, let personal):
            var text = "blake2b-\(n * 8)"
            if !key.isEmpty { text += " keyed" }
            if !salt.isEmpty { text += " salted" }
            if !personal.isEmpty { text += " personalized" }
            return text
        case .sha256: return "sha256"
        case .sha384: return "sha384"
        case .sha512: return "sha512"
        case .hmacSHA256: return "hmac-sha256"
        case .eaglesong: return "eaglesong"
        }
    }

    /// A fresh hasher for this algorithm.
    /// - Throws: ``BLAKE2b/ParameterError`` for out-of-range BLAKE2b parameters.
    public func makeHasher() throws(BLAKE2b.ParameterError) -> AnyHasher {
        switch self {
        case .ckb: return AnyHasher(.ckb(CKBHasher()))
        case .blake2b(let n, let key, let salt, let personal):
            return AnyHasher(.blake2b(try BLAKE2b(digestByteCount: n, key: key, salt: salt, personalization: personal)))
        case .sha256: return AnyHasher(.sha256(SHA256()))
        case .sha384: return AnyHasher(.sha384(SHA384()))
        case .sha512: return AnyHasher(.sha512(SHA512()))
        case .hmacSHA256(let key): return AnyHasher(.hmacSHA256(HMAC<SHA256>(key: key)))
        case .eaglesong: return AnyHasher(.eaglesong(Eaglesong()))
        }
    }

    /// The digest of `data`.
    public func hash(_ data: some Sequence<UInt8>) throws(BLAKE2b.ParameterError) -> Digest {
        var hasher = try makeHasher()
        hasher.update(data)
        return hasher.finalize()
    }
}

/// A streaming hasher over one of the ``HashAlgorithm`` cases.
public struct AnyHasher: Sendable {
    @usableFromInline
    enum Backing: Sendable {
        case ckb(CKBHasher)
        case blake2b(BLAKE2b)
        case sha256(SHA256)
        case sha384(SHA384)
        case sha512(SHA512)
        case hmacSHA256(HMAC<SHA256>)
        case eaglesong(Eaglesong)
    }

    @usableFromInline var backing: Backing

    init(_ backing: Backing) { self.backing = backing }

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        switch backing {
        case .ckb(var h): h.update(bufferPointer: bufferPointer); backing = .ckb(h)
        case .blake2b(var h): h.update(bufferPointer: bufferPointer); backing = .blake2b(h)
        case .sha256(var h): h.update(bufferPointer: bufferPointer); backing = .sha256(h)
        case .sha384(var h): h.update(bufferPointer: bufferPointer); backing = .sha384(h)
        case .sha512(var h): h.update(bufferPointer: bufferPointer); backing = .sha512(h)
        case .hmacSHA256(var h): h.update(bufferPointer: bufferPointer); backing = .hmacSHA256(h)
        case .eaglesong(var h): h.update(bufferPointer: bufferPointer); backing = .eaglesong(h)
        }
    }

    public mutating func update<Bytes: Sequence<UInt8>>(_ data: Bytes) {
        let done: Void? = data.withContiguousStorageIfAvailable { buffer in
            self.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            Array(data).withUnsafeBytes { self.update(bufferPointer: $0) }
        }
    }

    public func finalize() -> Digest {
        switch backing {
        case .ckb(let h): return h.finalize()
        case .blake2b(let h): return h.finalize()
        case .sha256(let h): return h.finalize()
        case .sha384(let h): return h.finalize()
        case .sha512(let h): return h.finalize()
        case .hmacSHA256(let h): return h.finalize()
        case .eaglesong(let h): return h.finalize()
        }
    }
}
