import CKBBytes

/// HMAC (RFC 2104) over any block hash, for example `HMAC<SHA256>` (RFC 4231 vectors).
///
/// Keys longer than the hash's block are hashed first; shorter keys are zero-padded. The key
/// pads are wiped as soon as the inner and outer hashers have absorbed them.
public struct HMAC<H: HashFunction>: Sendable {
    @usableFromInline var inner: H
    @usableFromInline var outer: H

    /// A MAC computation under `key`.
    public init(key: some Collection<UInt8>) {
        var block = [UInt8](repeating: 0, count: H.blockByteCount)
        if key.count > H.blockByteCount {
            let digest = H.hash(key)
            digest.withUnsafeBytes { raw in block.replaceSubrange(0..<raw.count, with: raw) }
        } else {
            block.replaceSubrange(0..<key.count, with: key)
        }
        for index in block.indices { block[index] ^= 0x36 }
        inner = H()
        inner.update(block)
        for index in block.indices { block[index] ^= 0x36 ^ 0x5c }
        outer = H()
        outer.update(block)
        Zeroize.wipe(&block)
    }

    /// Absorbs message bytes.
    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: bufferPointer)
    }

    /// Absorbs message bytes.
    public mutating func update<Bytes: Sequence<UInt8>>(_ data: Bytes) {
        inner.update(data)
    }

    /// The authentication code of everything absorbed so far; the MAC state is unchanged.
    public func finalize() -> Digest {
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }

    /// The authentication code of `message` under `key`.
    public static func authenticationCode(for message: some Sequence<UInt8>, key: some Collection<UInt8>) -> Digest {
        var mac = HMAC(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// Whether `code` is the authentication code of `message` under `key`, compared in
    /// constant time.
    public static func isValidAuthenticationCode(
        _ code: some Collection<UInt8>, for message: some Sequence<UInt8>, key: some Collection<UInt8>
    ) -> Bool {
        authenticationCode(for: message, key: key).withUnsafeBytes { ConstantTime.equals(Array($0), code) }
    }
}
